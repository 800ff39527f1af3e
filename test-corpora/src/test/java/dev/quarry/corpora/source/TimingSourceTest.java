package dev.quarry.corpora.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimingSourceTest {

    @Test
    void drawsTokenCountsFromTheAzureAndMooncakeRows() throws Exception {
        TimingSource timing = TimingSource.under(PromptSourceTest.fixture());
        assertEquals(5, timing.samples());
        Set<Integer> seen = new TreeSet<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            seen.add(timing.completionTokens(rng, 0, 1_000, -1));
        }
        assertEquals(Set.of(11, 22, 33, 44, 55), seen);
    }

    @Test
    void scalesTheTracesGapShapeToTheRequestedMean() throws Exception {
        TimingSource timing = TimingSource.under(PromptSourceTest.fixture());
        SplittableRandom rng = new SplittableRandom(5);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            sum += timing.gapMillis(rng, 1_000);
        }
        assertEquals(1_000, sum / n, 60);
    }

    @Test
    void fallsBackWhenThereAreNoTraces(@TempDir Path empty) {
        TimingSource timing = TimingSource.under(empty);
        assertFalse(timing.isPresent());
        assertEquals(77, timing.completionTokens(new SplittableRandom(1), 0, 100, 77));
    }

    @Test
    void readsTheSharedTracesWhenThatDirectoryExists() {
        assumeTrue(Files.isDirectory(PromptSourceTest.SHARED), "no ../shared/corpora in this checkout");
        assertTrue(TimingSource.under(PromptSourceTest.SHARED).samples() > 10_000);
    }
}
