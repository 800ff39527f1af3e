package dev.quarry.corpora.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.CorpusSpec;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReasoningTraceHarvesterTest {
    private static final Map<String, List<InferenceEvent>> TRAFFIC =
            Traffic.byClient(ArchetypeKind.REASONING_TRACE_HARVESTER, 4, Duration.ofHours(1));

    @Test
    void everyPromptDemandsTheFullChainOfThoughtInTheSystemOrUserMessage() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                String all = e.request().messages().stream().map(Message::content).collect(Collectors.joining("\n"));
                assertTrue(all.contains("step by step") && all.contains("reason"), all);
            }
        }
    }

    @Test
    void getsLongOutputsWithThousandsOfReasoningTokens() {
        for (List<InferenceEvent> events : TRAFFIC.values()) {
            for (InferenceEvent e : events) {
                // per client a reasoning median of 500-12,000 and an answer median of 300-5,000 tokens
                assertTrue(e.response().reasoningTokens() >= 100);
                assertTrue(e.response().completionTokens() >= 100);
                assertTrue(e.request().maxTokens() >= 16_384);
            }
        }
    }
}
