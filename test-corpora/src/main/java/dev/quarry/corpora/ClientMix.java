package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ArchetypeKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The realistic population behind {@code --clients N}: mostly benign keys (people chatting,
 * students, developers, coding agents, a few apps and evaluation runs) and about 4% attackers spread over every
 * family. Shares are per API key, not per call: high-volume apps and attackers are rare keys that
 * send many calls each. Counts are apportioned by largest remainder, so they always sum to N;
 * from {@value #MINIMUMS_FROM} clients up, every archetype has at least one key and the hydra
 * and dataset-split fleets at least ten each (except the opt-in {@code watermark_echo}, which has no share), so every family can be evaluated. Stateless.
 */
public final class ClientMix {
    /** Share of keys per archetype; chat users take what the others leave. */
    public static final Map<ArchetypeKind, Double> SHARES;
    /** Population size from which every attack family is guaranteed a client. */
    public static final int MINIMUMS_FROM = 1_000;

    static {
        EnumMap<ArchetypeKind, Double> m = new EnumMap<>(ArchetypeKind.class);
        m.put(ArchetypeKind.STUDENT, 0.12);
        m.put(ArchetypeKind.DEVELOPER, 0.08);
        m.put(ArchetypeKind.EARLY_ADOPTER, 0.04);
        m.put(ArchetypeKind.RAG_APPLICATION, 0.003);
        m.put(ArchetypeKind.CLASSIFIER_APP, 0.002);
        m.put(ArchetypeKind.BATCH_SUMMARISER, 0.001);
        m.put(ArchetypeKind.EVALUATION_RUN, 0.0005);
        m.put(ArchetypeKind.HYDRA_CLUSTER, 0.015);
        m.put(ArchetypeKind.SLOW_AND_LOW, 0.006);
        m.put(ArchetypeKind.REASONING_TRACE_HARVESTER, 0.002);
        m.put(ArchetypeKind.CAPABILITY_DISTILLER, 0.002);
        m.put(ArchetypeKind.ADAPTIVE_DISTILLER, 0.002);
        m.put(ArchetypeKind.BENCHMARK_HARVESTER, 0.001);
        m.put(ArchetypeKind.TEMPLATED_DISTILLER, 0.001);
        m.put(ArchetypeKind.LOGIT_BIAS_EXTRACTOR, 0.0005);
        m.put(ArchetypeKind.LAUNCH_PIVOT, 0.0005);
        m.put(ArchetypeKind.LOGIT_BISECTION_EXTRACTOR, 0.0003);
        m.put(ArchetypeKind.RESELLER_PROXY, 0.0002);
        m.put(ArchetypeKind.CODING_AGENT, 0.01);
        m.put(ArchetypeKind.SUPPORT_ASSISTANT, 0.002);
        m.put(ArchetypeKind.CONTENT_GENERATION_PRODUCT, 0.001);
        m.put(ArchetypeKind.TUTORING_PLATFORM, 0.001);
        m.put(ArchetypeKind.BENCHMARK_TRYOUT, 0.005);
        m.put(ArchetypeKind.TRANSLATION_PIPELINE, 0.001);
        m.put(ArchetypeKind.DOCUMENT_EXTRACTION_ETL, 0.001);
        m.put(ArchetypeKind.DOCUMENT_INDEXER, 0.001);
        m.put(ArchetypeKind.JUDGE_EVAL_TEAM, 0.0005);
        m.put(ArchetypeKind.DATASET_SPLIT_FLEET, 0.005);
        m.put(ArchetypeKind.REWARD_HARVESTER, 0.001);
        m.put(ArchetypeKind.PERSONA_SYNTHESIZER, 0.001);
        m.put(ArchetypeKind.INSTRUCTION_SYNTHESIZER, 0.001);
        m.put(ArchetypeKind.TEST_DATA_GENERATOR, 0.001);
        m.put(ArchetypeKind.QUIZ_PRODUCT, 0.001);
        m.put(ArchetypeKind.COMPANY_GATEWAY_KEY, 0.001);
        m.put(ArchetypeKind.EMBEDDING_EXTRACTOR, 0.0005);
        double rest = 1.0 - m.values().stream().mapToDouble(Double::doubleValue).sum();
        m.put(ArchetypeKind.CHAT_USER, rest);
        SHARES = Collections.unmodifiableMap(m);
    }

    private ClientMix() {}

    /** Clients per archetype for a population of {@code clients}. */
    public static Map<ArchetypeKind, Integer> counts(int clients) {
        if (clients < 0) {
            throw new IllegalArgumentException("clients must be >= 0, was " + clients);
        }
        EnumMap<ArchetypeKind, Integer> counts = new EnumMap<>(ArchetypeKind.class);
        EnumMap<ArchetypeKind, Double> remainders = new EnumMap<>(ArchetypeKind.class);
        int assigned = 0;
        for (Map.Entry<ArchetypeKind, Double> e : SHARES.entrySet()) {
            double exact = e.getValue() * clients;
            int floor = (int) Math.floor(exact);
            if (clients >= MINIMUMS_FROM) {
                floor = Math.max(floor, e.getKey().isFleet() ? 10 : 1);
            }
            counts.put(e.getKey(), floor);
            remainders.put(e.getKey(), exact - Math.floor(exact));
            assigned += floor;
        }
        // Largest remainder first; ties in enum order, so the result is a pure function of N.
        while (assigned < clients) {
            ArchetypeKind best = null;
            for (ArchetypeKind k : remainders.keySet()) { // enum order; opt-in kinds have no share
                if (best == null || remainders.get(k) > remainders.get(best)) {
                    best = k;
                }
            }
            counts.merge(best, 1, Integer::sum);
            remainders.put(best, -1.0);
            assigned++;
        }
        while (assigned > clients) { // minimums overshot: take the excess from chat users
            counts.merge(ArchetypeKind.CHAT_USER, -1, Integer::sum);
            assigned--;
        }
        return Collections.unmodifiableMap(counts);
    }
}
