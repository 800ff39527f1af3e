package dev.quarry.detectors.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.cluster.ClientLinkState;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.io.DataInput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A profile's encoding must not depend on which sections were decoded in between: live, replay
 * and a profile kept resident all write the same bytes for the same state.
 */
class ClientProfileTest {
    /** Sorts after the fusion and cluster sections, so the merge of names is exercised. */
    private static final String OTHER = "query_x";

    private static ClientLinkState links(ClientProfile p, String name) {
        return p.section(name, ClientLinkState::new, ClientLinkState::read);
    }

    private static byte[] profileBytes() {
        ClientProfile p = new ClientProfile();
        AlertFusion fusion = new AlertFusion(new FusionConfig(), DetectorFinding::name);
        for (int i = 0; i < 40; i++) {
            long ts = 60_000L * i;
            p.recordEvent(ts);
            links(p, ClientLinkState.SECTION).observeEvent(ts, 500 + i);
            links(p, OTHER).observeEvent(ts, 100);
            fusion.fuse(Subject.client("c1"), ts, "e" + i,
                    List.of(new DetectorFinding("templated_queries", dev.quarry.detectors.alert.EvidenceGroup.TEMPLATES, 0.2 + i / 100.0, Map.of("n", i))),
                    p.fusion(), p.events());
        }
        return p.encode();
    }

    private static byte[] reencoded(byte[] bytes, Consumer<ClientProfile> touch) {
        ClientProfile p = ClientProfile.decode(bytes);
        touch.accept(p);
        return p.encode();
    }

    @Test
    void writesTheSameBytesWhateverWasDecoded() {
        byte[] bytes = profileBytes();
        assertArrayEquals(bytes, reencoded(bytes, p -> { }), "nothing decoded");
        assertArrayEquals(bytes, reencoded(bytes, p -> p.fusion()), "fusion only");
        assertArrayEquals(bytes, reencoded(bytes, p -> links(p, OTHER)), "the last section only");
        assertArrayEquals(bytes, reencoded(bytes, p -> links(p, ClientLinkState.SECTION)), "a middle section");
        assertArrayEquals(bytes, reencoded(bytes, p -> {
            p.fusion();
            links(p, ClientLinkState.SECTION);
            links(p, OTHER);
        }), "everything");
        assertArrayEquals(bytes, profileBytes(), "deterministic");
    }

    @Test
    void keepsEveryChangeAndOnlyTheChangedSection() {
        byte[] bytes = profileBytes();
        ClientProfile p = ClientProfile.decode(bytes);
        p.recordEvent(10_000_000L);
        links(p, OTHER).observeEvent(10_000_000L, 100_000);
        byte[] changed = p.encode();
        assertFalse(Arrays.equals(bytes, changed));

        ClientProfile back = ClientProfile.decode(changed);
        assertEquals(41, back.events());
        assertEquals(10_000_000L, back.lastTs());
        assertTrue(back.hasFusionState());
        assertTrue(links(back, OTHER).meanCompletionTokens() > links(ClientProfile.decode(bytes), OTHER)
                .meanCompletionTokens(), "the new completion counted");
        assertEquals(links(ClientProfile.decode(bytes), ClientLinkState.SECTION).meanCompletionTokens(),
                links(back, ClientLinkState.SECTION).meanCompletionTokens(), 0.0, "the other section untouched");
    }

    /** A detector over link state, in a given state format, to test section versioning. */
    private static Detector<ClientLinkState> linkDetector(int format) {
        return new Detector<>() {
            public String name() {
                return OTHER;
            }

            public EvidenceGroup group() {
                return EvidenceGroup.TEMPLATES;
            }

            public ClientLinkState newState() {
                return new ClientLinkState();
            }

            public int stateFormat() {
                return format;
            }

            public ClientLinkState readState(DataInput in) throws IOException {
                return ClientLinkState.read(in);
            }

            public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, ClientLinkState s) {
                return Optional.empty();
            }

            public String headline(DetectorFinding f) {
                return f.name();
            }
        };
    }

    @Test
    void aNewStateFormatStartsFreshAndDropsTheOldSection() {
        ClientProfile p = ClientProfile.decode(profileBytes());
        assertTrue(p.state(linkDetector(1)).activeHours() > 0, "format 1 reads the bare-named section");
        ClientProfile q = ClientProfile.decode(profileBytes());
        assertEquals(0, q.state(linkDetector(2)).activeHours(), "format 2 starts fresh");
        assertEquals(OTHER + "/v2", ClientProfile.sectionName(linkDetector(2)));
        ClientProfile again = ClientProfile.decode(q.encode());
        assertEquals(0, again.state(linkDetector(1)).activeHours(), "the format-1 section was dropped");
    }
}
