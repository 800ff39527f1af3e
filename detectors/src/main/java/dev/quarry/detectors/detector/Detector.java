package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.IOException;
import java.util.Optional;

/**
 * Looks at each event of a client together with the state it keeps about that client, and says
 * how strongly the client now looks like a distiller or extractor. Detectors never see wall-clock
 * time: what they report depends only on the client's events in order, which is what makes an
 * offline replay give the same alerts as the live stream.
 *
 * <p>Implementations are stateless themselves (all state is in {@code S}) and thread-safe; each
 * cites in its javadoc the published attack or defence it follows, with the parameters it uses.
 * Each is built by its configuration section ({@link DetectorSection}), which the
 * {@link DetectorRegistry} lists; the topology runs what the registry builds.
 *
 * @param <S> the per-client state
 */
public interface Detector<S extends DetectorState> {

    /** Stable snake_case name, used in alerts, configuration and the state store. */
    String name();

    /** The kind of evidence this detector's findings are; fusion counts each group once. */
    EvidenceGroup group();

    /** State for a client never seen before. */
    S newState();

    /**
     * The version of this detector's state encoding. It is part of the state's section name in the
     * client profile ({@link dev.quarry.detectors.state.ClientProfile#sectionName}): a detector that
     * changes its encoding raises it, and a client's state written in an older format then starts
     * fresh instead of being misread, and the old section is dropped. Version 1 is the bare name.
     */
    default int stateFormat() {
        return 1;
    }

    /** Reads state written by {@link DetectorState#writeTo}. */
    S readState(DataInput in) throws IOException;

    /**
     * Updates {@code state} with the event and returns the client's current score with its
     * evidence, or empty when the event told the detector nothing new (fusion then keeps its last
     * finding). A detector that re-evaluated the client reports its score even when it is 0, so
     * evidence that no longer holds fades. Called once per (deduplicated) event, in event order
     * per client.
     */
    Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, S state);

    /** One line for an analyst saying what a finding of this detector means. */
    String headline(DetectorFinding finding);
}
