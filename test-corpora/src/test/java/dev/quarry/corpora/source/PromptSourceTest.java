package dev.quarry.corpora.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSourceTest {
    static final Path SHARED = Path.of("../../shared/corpora");

    static Path fixture() throws URISyntaxException {
        return Path.of(PromptSourceTest.class.getResource("/corpora-fixture").toURI());
    }

    @Test
    void readsGsm8kQuestionsFromJsonLines() throws Exception {
        List<String> q = PromptSource.under(fixture()).prompts(PromptSet.GSM8K);
        assertEquals(2, q.size());
        assertTrue(q.get(0).startsWith("Fixture problem one"));
    }

    @Test
    void formatsMmluRowsWithLetteredChoicesAndQuotedCommas() throws Exception {
        List<String> q = PromptSource.under(fixture()).prompts(PromptSet.MMLU);
        assertEquals(2, q.size());
        assertTrue(q.get(0).contains("\nB. blue, mostly\n"), q.get(0));
        assertTrue(q.get(1).startsWith("Fixture question, with a comma"));
    }

    @Test
    void readsTheFirstTurnOfMtBenchAndCodeAlpacaInstructions() throws Exception {
        PromptSource source = PromptSource.under(fixture());
        assertEquals(List.of("Fixture turn: write a haiku about gravel."), source.prompts(PromptSet.INSTRUCTIONS));
        assertEquals(2, source.prompts(PromptSet.CODE).size());
    }

    /** Self-Instruct's seed tasks are also Stanford Alpaca's: the set holds each of them twice, its distinct view once. */
    @Test
    void theDistinctViewKeepsTheFirstOfPromptsPublishedTwice(@TempDir Path dir) throws Exception {
        String seeds = "{\"instruction\": \"Seed one\"}\n{\"instruction\": \"Seed two\"}\n";
        for (String f : List.of("self-instruct/data/seed_tasks.jsonl", "stanford_alpaca/seed_tasks.jsonl")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), seeds);
        }
        PromptSource source = PromptSource.under(dir);
        assertEquals(List.of("Seed one", "Seed two", "Seed one", "Seed two"), source.prompts(PromptSet.INSTRUCTIONS));
        assertEquals(List.of("Seed one", "Seed two"), source.distinctPrompts(PromptSet.INSTRUCTIONS));
    }

    @Test
    void aMissingSetIsUnavailableAndDrawsNothing() throws Exception {
        PromptSource source = PromptSource.under(fixture());
        assertFalse(source.has(PromptSet.ORCA_SYSTEM));
        assertNull(source.draw(PromptSet.ORCA_SYSTEM, new SplittableRandom(1)));
        assertNull(PromptSource.none().draw(PromptSet.GSM8K, new SplittableRandom(1)));
    }

    @Test
    void aDamagedFileKeepsWhatWasReadAndDoesNotThrow(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("grade-school-math/grade_school_math/data/train.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"question\": \"Fine line\"}\n{not json\n");
        assertEquals(List.of("Fine line"), PromptSource.under(dir).prompts(PromptSet.GSM8K));
    }

    @Test
    void readsEverySetOfTheSharedCorporaWhenThatDirectoryExists() {
        assumeTrue(Files.isDirectory(SHARED), "no ../shared/corpora in this checkout");
        PromptSource source = PromptSource.under(SHARED);
        for (PromptSet set : PromptSet.values()) {
            assertTrue(source.has(set), set.name());
        }
        assertTrue(source.prompts(PromptSet.GSM8K).size() >= 1_000);
        assertTrue(source.prompts(PromptSet.MMLU).size() >= 10_000);
        assertTrue(source.prompts(PromptSet.MMLU).size() <= PromptSource.MAX_PROMPTS_PER_SET);
    }
}
