package dev.quarry.detectors.detector;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.config.SyntheticDataRequestsConfig;
import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.PromptFeatures;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.InferenceRequest;
import dev.quarry.ingest.Message;
import dev.quarry.ingest.TextClip;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sees a client that has the model <em>create training data</em>: meta-prompts that ask for new
 * instructions, questions, problems or dialogues, over a sweep of seeds that keeps changing, hour
 * after hour. This is what the published synthetic-data pipelines send a teacher model:
 * Self-Instruct (Wang et al. 2023) and Alpaca (Taori et al. 2023) ask for lists of diverse task
 * instructions from a few seed tasks; Evol-Instruct (WizardLM, Xu et al. 2023) rewrites each
 * instruction into a harder one; Persona Hub (Ge et al. 2024) fills one creation prompt with a
 * new persona each time; GLAN (Li et al. 2024) walks a taxonomy of disciplines, subjects and
 * syllabi; Magpie (Xu et al. 2024) sends only the chat template's pre-query part, so the model
 * writes the user's query itself. {@link DataCreationLexicon} scores each request's system and
 * user text against those papers' meta-prompts; a request scoring {@code requestScore}
 * ({@value SyntheticDataRequestsConfig#DEFAULT_REQUEST_SCORE}) or more, or a pre-query request
 * (a completions prompt ending in a chat template's user header, or a chat request whose last
 * user turn is empty), is a <em>data-creation request</em>.
 *
 * <p>Legitimate clients ask for data too: a QA team generating test questions for its product,
 * a teacher or a tutoring app asking for practice problems. What they do not do is sweep: their
 * seeds are their product's features and user types, their syllabus, and they come back to them
 * (the same test set regenerated for each release, the same topics for each class), in runs of an
 * hour or two. So one request never counts; the client's history does. Each data-creation
 * request's <em>fill</em> (its normalised user text with its digits left out, since a count of
 * items or a grade level is a parameter of the same request, not a new seed: a quiz product asking
 * for 5 and then 12 questions on one syllabus unit comes back to its seed; for a pre-query request,
 * the answer's text,
 * since the model wrote the query) goes into an adaptive distinct sample
 * ({@link DistinctSample}, 256 entries) that says whether the client sent it before. The score is
 * the product of
 * <ul>
 *   <li>volume: 0.3 + 0.7 x a log ramp of distinct fills from {@code watchFills}
 *       ({@value SyntheticDataRequestsConfig#DEFAULT_WATCH_FILLS}) to {@code fullFills}
 *       ({@value SyntheticDataRequestsConfig#DEFAULT_FULL_FILLS}), once the client has sent
 *       {@code minRequests} ({@value SyntheticDataRequestsConfig#DEFAULT_MIN_REQUESTS})
 *       data-creation requests; 0.5 + 0.5 x that ramp once persistence is full, so a slow sweep
 *       that comes back with new seeds hour after hour is scored by its persistence, not its
 *       count;</li>
 *   <li>share: data-creation requests over all requests, full at {@code fullShare}
 *       ({@value SyntheticDataRequestsConfig#DEFAULT_FULL_SHARE}; a two-stage pipeline that has
 *       the teacher solve each item it wrote sends half its requests as creation);</li>
 *   <li>novelty: the share of data-creation requests whose fill is new to the client, ramped from
 *       {@code minNewShare} ({@value SyntheticDataRequestsConfig#DEFAULT_MIN_NEW_SHARE}) to
 *       {@code fullNewShare} ({@value SyntheticDataRequestsConfig#DEFAULT_FULL_NEW_SHARE}): a
 *       second run over the same seeds halves it;</li>
 *   <li>persistence: 0.4 + 0.6 x a ramp of the event-time hours with at least
 *       {@code newHourRequests} ({@value SyntheticDataRequestsConfig#DEFAULT_NEW_HOUR_REQUESTS})
 *       new fills, from {@code minNewHours} ({@value SyntheticDataRequestsConfig#DEFAULT_MIN_NEW_HOURS})
 *       to {@code fullNewHours} ({@value SyntheticDataRequestsConfig#DEFAULT_FULL_NEW_HOURS}): a run
 *       of an hour or two is a burst, a pipeline is a day's work.</li>
 * </ul>
 * Blind spots: a campaign whose meta-prompt names no data object or marker (a bare persona
 * followed by "write about your day") is not seen; a product that generates questions from every
 * customer's own document with "diverse" in its prompt, for hours, looks like a sweep; a QA team
 * that generates a new test set from new seeds every hour all day long does too. Embeddings calls
 * are skipped.
 *
 * <p>Stateless and thread-safe.
 */
public final class SyntheticDataRequestsDetector extends AbstractDetector<SyntheticDataRequestsDetector.State> {
    public static final String NAME = "synthetic_data_requests";
    private static final int SAMPLE_CAPACITY = 256;
    private static final int SAMPLE_CHARS = 240;
    private static final long HOUR_MILLIS = 3_600_000L;
    /** Longest special token read at the end of a completions prompt. */
    private static final int MAX_SPECIAL_TOKEN = 32;
    private final SyntheticDataRequestsConfig config;

    public SyntheticDataRequestsDetector(SyntheticDataRequestsConfig config) {
        super(NAME, EvidenceGroup.DATA_SYNTHESIS, State::new, State::read);
        if (config.watchFills() >= config.fullFills() || config.minNewShare() >= config.fullNewShare()
                || config.minNewHours() >= config.fullNewHours()) {
            throw new IllegalArgumentException("detection.syntheticDataRequests: need watchFills < fullFills,"
                    + " minNewShare < fullNewShare and minNewHours < fullNewHours");
        }
        this.config = config;
    }

    @Override
    public Optional<DetectorFinding> observe(InferenceEvent event, PromptFeatures features, State s) {
        if (event.endpoint() == Endpoint.EMBEDDINGS) {
            return Optional.empty();
        }
        s.requests++;
        InferenceRequest r = event.request();
        long fill;
        String instruction;
        List<String> cues;
        if (preQuery(r, features)) {
            s.preQuery++;
            String answer = event.response().text();
            fill = answer == null || answer.isEmpty() ? Hashing.hash64(event.eventId())
                    : Hashing.hash64(answer, 0, Math.min(answer.length(), 512));
            instruction = features.normalised();
            cues = List.of("pre_query_template");
        } else {
            DataCreationLexicon.Score best = DataCreationLexicon.score(features.normalised());
            instruction = features.normalised();
            String system = r.systemText();
            if (best.value() < config.requestScore() && !system.isEmpty()) {
                DataCreationLexicon.Score sys = DataCreationLexicon.scoreRaw(system);
                if (sys.value() > best.value()) {
                    best = sys;
                    instruction = system;
                }
            }
            if (best.value() < config.requestScore()) {
                return s.creation == 0 ? Optional.empty() : finding(s);
            }
            fill = digitFreeHash(features.normalised());
            cues = best.cues();
        }
        s.creation++;
        s.lastCues = String.join(",", cues);
        s.lastInstruction = TextClip.head(instruction, SAMPLE_CHARS);
        int minute = (int) Math.floorDiv(event.tsMillis(), 60_000L);
        long seen = s.fills.offer((int) (fill >>> 32), minute);
        if (seen != DistinctSample.UNSAMPLED) {
            s.sampled++;
        }
        if (seen == DistinctSample.NEW) {
            s.sampledNew++;
            long hour = Math.floorDiv(event.tsMillis(), HOUR_MILLIS);
            if (hour != s.hour) {
                s.hour = hour;
                s.hourNew = 0;
            }
            s.hourNew++;
            if (s.hourNew * s.fills.weight() >= config.newHourRequests() && s.lastNewHour != hour) {
                s.lastNewHour = hour;
                s.newHours++;
            }
        }
        return finding(s);
    }

    /**
     * Magpie's request: nothing of the user's turn but the template's header, so the model writes
     * the query. Against an API that is a completions prompt ending in a user header, or a chat
     * request whose last message is an empty user turn.
     */
    private static boolean preQuery(InferenceRequest r, PromptFeatures features) {
        List<Message> messages = r.messages();
        if (messages != null && !messages.isEmpty()) {
            Message last = messages.get(messages.size() - 1);
            return last.isUser() && (last.content() == null || last.content().isBlank());
        }
        return endsInUserHeader(features.normalised());
    }

    /**
     * True when a completions prompt ends in a chat template's user header: the role word
     * {@code user} right after a special token's closing {@code >}, optionally followed by one
     * special token ({@code <|...|>} or {@code <...>}, no spaces), or a special token whose inside is
     * the role ({@code <|user|>}), or Llama 2's {@code [inst]}. Read structurally, so any template
     * of that shape counts (Llama 3, ChatML, Gemma, Phi, Granite).
     */
    static boolean endsInUserHeader(String p) {
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        if (p.startsWith("[inst]", end - 6) && end >= 6) {
            return true;
        }
        if (p.charAt(end - 1) == '>') {
            int open = p.lastIndexOf('<', end - 1);
            if (open < 0 || end - open > MAX_SPECIAL_TOKEN || p.substring(open, end).indexOf(' ') >= 0) {
                return false;
            }
            String inside = p.substring(open + 1, end - 1).replace("|", "");
            if (inside.equals("user")) {
                return true;
            }
            end = open;
        }
        return end >= 5 && p.startsWith("user", end - 4) && (p.charAt(end - 5) == '>' || p.charAt(end - 5) == '|');
    }

    private Optional<DetectorFinding> finding(State s) {
        if (s.creation < config.minRequests()) {
            return Optional.of(zero());
        }
        double distinct = s.fills.estimate();
        double ramp = Ramps.logRamp(distinct, config.watchFills(), config.fullFills());
        // A sweep that came back with new seeds for fullNewHours hours is a campaign whatever its
        // pace: then persistence, not the count, carries the score (as reward_harvesting's signs).
        double volume = s.newHours >= config.fullNewHours() ? 0.5 + 0.5 * ramp : 0.3 + 0.7 * ramp;
        if (distinct < config.watchFills()) {
            volume = 0;
        }
        double share = (double) s.creation / s.requests;
        double newShare = s.sampled == 0 ? 0 : (double) s.sampledNew / s.sampled;
        double novelty = Ramps.ramp(newShare, config.minNewShare(), config.fullNewShare());
        double persistence = 0.4 + 0.6 * Ramps.ramp(s.newHours, config.minNewHours(), config.fullNewHours());
        double score = volume * Math.min(1.0, share / config.fullShare()) * novelty * persistence;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("creation_requests", s.creation);
        evidence.put("requests", s.requests);
        evidence.put("creation_share", round(share));
        evidence.put("pre_query_requests", s.preQuery);
        evidence.put("distinct_fills", s.fills.estimate());
        evidence.put("new_fill_share", round(newShare));
        evidence.put("hours_with_new_fills", s.newHours);
        evidence.put("cues", List.of(s.lastCues.split(",")));
        evidence.put("latest_instruction", s.lastInstruction);
        return Optional.of(finding(score, evidence));
    }

    @Override
    public String headline(DetectorFinding f) {
        return "synthetic data requests: " + f.evidence().get("creation_requests") + " of "
                + f.evidence().get("requests") + " requests ask the model to create training data, "
                + f.evidence().get("distinct_fills") + " distinct seeds, new share " + f.evidence().get("new_fill_share")
                + ", " + f.evidence().get("hours_with_new_fills") + " hours of new seeds";
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }


    /** Per-client state: counters, the distinct sample of fills and the current hour's new fills. */
    public static final class State implements DetectorState {
        long requests;
        long creation;
        long preQuery;
        long sampled;
        long sampledNew;
        long hour = Long.MIN_VALUE;
        long hourNew;
        long lastNewHour = Long.MIN_VALUE;
        int newHours;
        DistinctSample fills = new DistinctSample(SAMPLE_CAPACITY);
        String lastCues = "";
        String lastInstruction = "";

        /** Data-creation requests seen. */
        public long creationRequests() {
            return creation;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeLong(requests);
            out.writeLong(creation);
            out.writeLong(preQuery);
            out.writeLong(sampled);
            out.writeLong(sampledNew);
            out.writeLong(hour);
            out.writeLong(hourNew);
            out.writeLong(lastNewHour);
            out.writeInt(newHours);
            fills.writeTo(out);
            out.writeUTF(lastCues);
            out.writeUTF(lastInstruction);
        }

        static State read(DataInput in) throws IOException {
            State s = new State();
            s.requests = in.readLong();
            s.creation = in.readLong();
            s.preQuery = in.readLong();
            s.sampled = in.readLong();
            s.sampledNew = in.readLong();
            s.hour = in.readLong();
            s.hourNew = in.readLong();
            s.lastNewHour = in.readLong();
            s.newHours = in.readInt();
            s.fills = DistinctSample.read(in, SAMPLE_CAPACITY);
            s.lastCues = in.readUTF();
            s.lastInstruction = in.readUTF();
            return s;
        }
    }

    /** A hash of {@code text} with its ASCII digits left out. */
    static long digitFreeHash(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                sb.append(c);
            }
        }
        return Hashing.hash64(sb.toString());
    }
}
