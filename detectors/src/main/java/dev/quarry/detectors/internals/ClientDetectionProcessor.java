package dev.quarry.detectors.internals;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.detector.DetectorState;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.state.ClientProfile;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The per-client step: drops events whose {@code event_id} was already seen within the dedup
 * horizon, updates the client's profile, runs every detector, and fuses their findings into an
 * alert version when one is due. Records arrive keyed by client id, so one client's events are
 * always on one partition, in order. Confined to one stream thread.
 */
public final class ClientDetectionProcessor implements Processor<String, InferenceEvent, String, Alert> {
    private final List<Detector<?>> detectors;
    private final AlertFusion fusion;
    private final MinHasher minHasher;
    private final Duration dedupHorizon;
    private final PipelineCounters counters;
    private final String profileStoreName;
    private final String seenStoreName;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, ClientProfile> profiles;
    private WindowStore<String, Long> seen;

    public ClientDetectionProcessor(List<Detector<?>> detectors, AlertFusion fusion, MinHasher minHasher,
            Duration dedupHorizon, PipelineCounters counters, String profileStoreName, String seenStoreName) {
        this.detectors = detectors;
        this.fusion = fusion;
        this.minHasher = minHasher;
        this.dedupHorizon = dedupHorizon;
        this.counters = counters;
        this.profileStoreName = profileStoreName;
        this.seenStoreName = seenStoreName;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.profiles = context.getStateStore(profileStoreName);
        this.seen = context.getStateStore(seenStoreName);
    }

    @Override
    public void process(Record<String, InferenceEvent> record) {
        InferenceEvent event = record.value();
        if (isDuplicate(event)) {
            counters.duplicate();
            return;
        }
        counters.processed();
        ClientProfile profile = profiles.get(event.clientId());
        if (profile == null) {
            profile = new ClientProfile();
        }
        profile.recordEvent(event.tsMillis());
        PromptFeatures features = PromptFeatures.of(event.request(), minHasher);
        List<DetectorFinding> findings = new ArrayList<>(2);
        for (Detector<?> d : detectors) {
            observe(d, event, features, profile).ifPresent(findings::add);
        }
        long suppressedBefore = profile.fusion().suppressed();
        Optional<Alert> alert = fusion.fuse(Subject.client(event.clientId()), event.tsMillis(), event.eventId(),
                findings, profile.fusion(), profile.events(), fusion.allowListed(event.clientId(), event.orgId()));
        if (profile.fusion().suppressed() > suppressedBefore) {
            counters.suppressed();
        }
        profiles.put(event.clientId(), profile);
        alert.ifPresent(a -> {
            counters.alert();
            context.forward(new Record<>(a.subject().key(), a, event.tsMillis()));
        });
    }

    private boolean isDuplicate(InferenceEvent event) {
        long ts = event.tsMillis();
        long horizon = dedupHorizon.toMillis();
        try (WindowStoreIterator<Long> it = seen.fetch(event.eventId(), ts - horizon, ts + horizon)) {
            if (it.hasNext()) {
                return true;
            }
        }
        seen.put(event.eventId(), ts, ts);
        return false;
    }

    private static <S extends DetectorState> Optional<DetectorFinding> observe(Detector<S> d, InferenceEvent e,
            PromptFeatures f, ClientProfile p) {
        return d.observe(e, f, p.state(d));
    }
}
