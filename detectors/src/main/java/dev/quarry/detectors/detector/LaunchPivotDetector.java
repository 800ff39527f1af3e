package dev.quarry.detectors.detector;

import static dev.quarry.detectors.alert.DetectorFinding.round;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.LaunchPivotConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.TextClip;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a workload that moves to a newly released model within hours, unchanged, at volume.
 *
 * <p>Follows Anthropic 2026 (report on detecting and countering distillation attacks: when a new
 * model was released during an active campaign, the operators "pivoted within 24 hours,
 * redirecting nearly half their traffic" to it). Per client the detector remembers the models it
 * has used; a model first used after {@code minHistoryEvents}
 * ({@value LaunchPivotConfig#DEFAULT_MIN_HISTORY_EVENTS}) events on others is the
 * candidate (the latest such). When {@code launches} lists the model, the pivot must come within
 * {@code pivotWithin} (a day by default) of the launch for full weight (0.5 later); with no list, the
 * client's own pre-switch history is all we know and the weight is 0.85.
 *
 * <p>The score is pivot x volume x speed x (0.25 + 0.35 x template):
 * <ul>
 *   <li>pivot: the candidate's share of the client's traffic since its first use, from
 *       {@code minPivotShare} ({@value LaunchPivotConfig#DEFAULT_MIN_PIVOT_SHARE}) to
 *       {@code fullPivotShare} ({@value LaunchPivotConfig#DEFAULT_FULL_PIVOT_SHARE});
 *   <li>volume: candidate events within {@code volumeWindow} (a day by default) of its first use,
 *       log scale from {@code minVolume} ({@value LaunchPivotConfig#DEFAULT_MIN_VOLUME}: a person
 *       trying the new model sends tens) to {@code fullVolume}
 *       ({@value LaunchPivotConfig#DEFAULT_FULL_VOLUME});
 *   <li>template: the share of the candidate's prompts whose skeleton (MinHash signature, first
 *       {@value #COMPARED_SLOTS} slots) matches one of the {@code referencePrompts}
 *       ({@value LaunchPivotConfig#DEFAULT_REFERENCE_PROMPTS}) latest prompts sent to other models
 *       at {@code templateSimilarity} ({@value LaunchPivotConfig#DEFAULT_TEMPLATE_SIMILARITY}) or
 *       more, full at {@code fullTemplateShare}
 *       ({@value LaunchPivotConfig#DEFAULT_FULL_TEMPLATE_SHARE}): the same harvesting template,
 *       moved over unchanged.
 * </ul>
 * So the detector alone reaches medium (0.5-0.6) only with volume and an unchanged template, and
 * stays at most low (0.25) for a high-volume switch with a new workload. An early adopter (varied
 * chat at human volume) scores 0. A legitimate product migrating its templated workload on launch
 * day looks the same as a pivot: that is what the fusion allow-list is for.
 *
 * <p>Stateless and thread-safe.
 */
public final class LaunchPivotDetector extends AbstractDetector<LaunchPivotDetector.State> {
    /** Longest model name kept: a name is attacker-chosen text. */
    private static final int MAX_MODEL_CHARS = 200;
    public static final String NAME = "launch_pivot";
    /** Model names remembered per client. */
    private static final int MAX_MODELS = 64;
    /**
     * Signature slots compared at most: half of the default 64-slot signature is plenty for a 0.2
     * threshold. Shorter signatures are compared on the slots they have.
     */
    public static final int COMPARED_SLOTS = 32;
    private final LaunchPivotConfig config;
    private final Map<String, Long> launches = new HashMap<>();

    public LaunchPivotDetector(LaunchPivotConfig config) {
        super(NAME, EvidenceGroup.LAUNCH_TIMING, State::new, State::read);
        if (config.minVolume() < 1 || config.fullVolume() <= config.minVolume()
                || config.fullPivotShare() <= config.minPivotShare()
                || config.referencePrompts() < 1 || config.fullTemplateShare() <= 0) {
            throw new IllegalArgumentException("detection.launchPivot: need 1 <= minVolume < fullVolume, minPivotShare < fullPivotShare,"
                    + " referencePrompts >= 1 and fullTemplateShare > 0");
        }
        for (LaunchPivotConfig.Launch l : config.launches()) {
            if (l.model() == null || l.ts() == null) {
                throw new IllegalArgumentException("detection.launchPivot.launches: each launch needs a model and a ts");
            }
            launches.put(l.model(), l.ts().toEpochMilli());
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        long ts = event.tsMillis();
        String model = event.model();
        if (s.seenModels.add(Hashing.hash64(model))) {
            if (s.seenModels.size() > MAX_MODELS) {
                Iterator<Long> oldest = s.seenModels.iterator();
                oldest.next();
                oldest.remove();
            }
            if (s.events >= config.minHistoryEvents()) {
                s.startCandidate(model, ts, launches.get(model));
            }
        }
        s.events++;
        boolean onCandidate = TextClip.prefix(model, MAX_MODEL_CHARS).equals(s.candidate);
        if (s.candidate != null) {
            s.sinceFirst++;
        }
        if (features.words() >= config.minWords()) {
            // A signature shorter than COMPARED_SLOTS (detection.signatures.slots) is stored padded,
            // but only its own slots are compared: padding would match between any two prompts.
            int compared = Math.min(COMPARED_SLOTS, features.signature().length);
            int[] sig = Arrays.copyOf(features.signature(), COMPARED_SLOTS);
            if (onCandidate) {
                if (!s.references.isEmpty()) {
                    s.compared++;
                    if (matchesReference(sig, s.references, compared)) {
                        s.matched++;
                    }
                }
            } else {
                s.references.add(sig);
                if (s.references.size() > config.referencePrompts()) {
                    s.references.remove(0);
                }
            }
        }
        if (!onCandidate) {
            return Optional.empty();
        }
        s.candidateEvents++;
        if (ts - s.firstTs <= config.volumeWindow().toMillis()) {
            s.inWindow++;
        }
        return finding(s);
    }

    private boolean matchesReference(int[] sig, List<int[]> refs, int slots) {
        for (int[] r : refs) {
            int equal = 0;
            for (int i = 0; i < slots; i++) {
                if (sig[i] == r[i]) {
                    equal++;
                }
            }
            if ((double) equal / slots >= config.templateSimilarity()) {
                return true;
            }
        }
        return false;
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.inWindow < config.minVolume()) {
            return Optional.of(zero());
        }
        double share = (double) s.candidateEvents / s.sinceFirst;
        double pivot = Ramps.clamp01((share - config.minPivotShare()) / (config.fullPivotShare() - config.minPivotShare()));
        double volume = Ramps.logRamp(s.inWindow, config.minVolume(), config.fullVolume());
        double templateShare = s.compared == 0 ? 0 : (double) s.matched / s.compared;
        double template = Ramps.clamp01(templateShare / config.fullTemplateShare());
        double speed = s.launchDelay == Long.MIN_VALUE ? 0.85
                : s.launchDelay <= config.pivotWithin().toMillis() ? 1.0 : 0.5;
        double score = pivot * volume * speed * (0.25 + 0.35 * template);
        if (score <= 0) {
            return Optional.of(zero());
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("new_model", s.candidate);
        evidence.put("first_used_ts", s.firstTs);
        if (s.launchDelay != Long.MIN_VALUE) {
            evidence.put("hours_after_launch", round(s.launchDelay / 3_600_000.0));
        }
        evidence.put("events_before_switch", s.eventsBefore);
        evidence.put("events_on_new_model", s.candidateEvents);
        evidence.put("events_on_new_model_first_window", s.inWindow);
        evidence.put("share_on_new_model", round(share));
        evidence.put("share_matching_old_workload", round(templateShare));
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "launch pivot: " + f.evidence().get("events_on_new_model") + " requests moved to "
                + f.evidence().get("new_model") + ", " + f.evidence().get("share_matching_old_workload")
                + " of them matching the old workload";
    }

    /** Model names are kept to 200 characters (state encoding); attacker-chosen names can be any length. */

    /** Per-client state: model names seen (hashed), the candidate pivot and a few reference signatures. */
    public static final class State implements DetectorState {
        final LinkedHashSet<Long> seenModels = new LinkedHashSet<>();
        final List<int[]> references = new ArrayList<>();
        long events;
        String candidate;
        long firstTs;
        long launchDelay = Long.MIN_VALUE;
        long eventsBefore;
        long sinceFirst;
        long candidateEvents;
        long inWindow;
        long compared;
        long matched;

        void startCandidate(String model, long ts, Long launchTs) {
            candidate = TextClip.prefix(model, MAX_MODEL_CHARS);
            firstTs = ts;
            launchDelay = launchTs == null ? Long.MIN_VALUE : ts - launchTs;
            eventsBefore = events;
            sinceFirst = 0;
            candidateEvents = 0;
            inWindow = 0;
            compared = 0;
            matched = 0;
        }

        /** The model this client most recently switched to, or null. */
        public String candidate() {
            return candidate;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(events);
            out.writeInt(seenModels.size());
            for (long h : seenModels) {
                out.writeLong(h);
            }
            out.writeBoolean(candidate != null);
            if (candidate != null) {
                out.writeUTF(candidate);
                out.writeLong(firstTs);
                out.writeLong(launchDelay);
                out.writeLong(eventsBefore);
                out.writeLong(sinceFirst);
                out.writeLong(candidateEvents);
                out.writeLong(inWindow);
                out.writeLong(compared);
                out.writeLong(matched);
            }
            out.writeInt(references.size());
            for (int[] r : references) {
                for (int v : r) {
                    out.writeInt(v);
                }
            }
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.events = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s.seenModels.add(in.readLong());
            }
            if (in.readBoolean()) {
                s.candidate = in.readUTF();
                s.firstTs = in.readLong();
                s.launchDelay = in.readLong();
                s.eventsBefore = in.readLong();
                s.sinceFirst = in.readLong();
                s.candidateEvents = in.readLong();
                s.inWindow = in.readLong();
                s.compared = in.readLong();
                s.matched = in.readLong();
            }
            int refs = in.readInt();
            for (int i = 0; i < refs; i++) {
                int[] r = new int[COMPARED_SLOTS];
                for (int k = 0; k < COMPARED_SLOTS; k++) {
                    r[k] = in.readInt();
                }
                s.references.add(r);
            }
            return s;
        }
    }
}
