package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Clients of one family draw their parameters from wide ranges: no family is one point. */
class PerClientVariationTest {

    @ParameterizedTest
    @EnumSource(value = ArchetypeKind.class, names = {"REWARD_HARVESTER", "PERSONA_SYNTHESIZER", "DATASET_SPLIT_FLEET",
        "SUPPORT_ASSISTANT", "TUTORING_PLATFORM", "DOCUMENT_EXTRACTION_ETL", "TEMPLATED_DISTILLER", "BENCHMARK_HARVESTER", "CAPABILITY_DISTILLER",
        "INSTRUCTION_SYNTHESIZER", "TEST_DATA_GENERATOR", "QUIZ_PRODUCT"})
    void meanCompletionTokensSpreadWidelyAcrossTwentyClients(ArchetypeKind kind) {
        Map<String, List<InferenceEvent>> traffic = Traffic.byClient(kind, 20, Duration.ofHours(12));
        double[] means = traffic.values().stream().filter(l -> l.size() >= 3)
                .mapToDouble(l -> l.stream().mapToInt(e -> e.response().completionTokens()).average().orElseThrow())
                .sorted().toArray();
        assertTrue(means.length >= 10, kind + ": clients with calls " + means.length);
        double low = means[means.length / 10];
        double high = means[means.length - 1 - means.length / 10];
        assertTrue(high > 2.5 * low, kind + ": mean completion tokens from " + low + " to " + high);
    }

    @ParameterizedTest
    @EnumSource(value = ArchetypeKind.class, names = {"REWARD_HARVESTER", "EMBEDDING_EXTRACTOR", "PERSONA_SYNTHESIZER",
        "TRANSLATION_PIPELINE", "DOCUMENT_EXTRACTION_ETL", "TEMPLATED_DISTILLER", "LOGIT_BISECTION_EXTRACTOR",
        "RESELLER_PROXY", "INSTRUCTION_SYNTHESIZER", "TEST_DATA_GENERATOR"})
    void callVolumeSpreadsOverAnOrderOfMagnitudeAcrossTwentyClients(ArchetypeKind kind) {
        int[] calls = Traffic.byClient(kind, 20, Duration.ofHours(12)).values().stream().mapToInt(List::size)
                .sorted().toArray();
        assertTrue(calls[calls.length - 2] > 8 * Math.max(1, calls[1]), kind + ": " + Arrays.toString(calls));
    }

    @ParameterizedTest
    @EnumSource(value = ArchetypeKind.class, names = {"REWARD_HARVESTER", "PERSONA_SYNTHESIZER", "SLOW_AND_LOW",
        "CONTENT_GENERATION_PRODUCT", "SUPPORT_ASSISTANT", "TUTORING_PLATFORM", "DATASET_SPLIT_FLEET"})
    void clientsWordTheirFixedTextsDifferently(ArchetypeKind kind) {
        Map<String, List<InferenceEvent>> traffic = Traffic.byClient(kind, 20, Duration.ofHours(6));
        long openings = traffic.values().stream().filter(l -> !l.isEmpty())
                .map(l -> l.get(0).request().messages().get(0).content())
                .map(t -> t.substring(0, Math.min(40, t.length()))).distinct().count();
        assertTrue(openings >= 5, kind + ": " + openings + " distinct openings");
    }
}
