package dev.quarry.fingerprint.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs against ../shared/corpora when it exists (never copied into the project); skipped otherwise. */
class SharedCorporaReferenceTest {
    private static final Path CORPORA = Path.of(System.getProperty("quarry.corpora", "../../shared/corpora"));

    @Test
    void indexesThePublicSetsAndFindsAWrappedGsm8kQuestion() throws Exception {
        Path gsm = CORPORA.resolve("grade-school-math/grade_school_math/data/train.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(gsm), "no shared corpora at " + CORPORA.toAbsolutePath());
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long started = System.nanoTime();
        ReferenceIndex index = ReferenceIndex.load(CORPORA);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory() - before;
        System.out.printf("shared corpora: %d items, %d sets, %d ms, lucene %d KiB, heap +%d MiB%n%s%n",
                index.size(), index.sourceSizes().size(), millis, index.ramBytesUsed() >> 10, heap >> 20,
                index.sourceSizes());
        String question;
        try (BufferedReader r = Files.newBufferedReader(gsm)) {
            question = new ObjectMapper().readTree(r.readLine()).get("question").asText();
        }
        ReferenceMatch m = index.find("Solve: " + question + "\nThink step by step").orElseThrow();
        assertEquals("grade-school-math:train", m.source(), "GSM8K's training split is a set of its own");
        assertEquals(ReferenceKind.BENCHMARK, m.kind());
        assertTrue(index.find("A lesion causing compression of the facial nerve at the stylomastoid foramen will "
                + "cause ipsilateral\nA. x\nB. y\nC. z\nD. w\nAnswer:").isPresent());
        assertFalse(index.find("Can you help me plan a birthday party for my six year old daughter next weekend?")
                .isPresent());
        long t = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            index.find("Solve: " + question + " variant " + i);
        }
        long u = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            index.find("Please write a short poem about autumn leaves falling in the park, variant " + i);
        }
        System.out.printf("lookup: %.2f ms matching, %.2f ms not matching%n", (u - t) / 1e6 / 200,
                (System.nanoTime() - u) / 1e6 / 200);
    }
}
