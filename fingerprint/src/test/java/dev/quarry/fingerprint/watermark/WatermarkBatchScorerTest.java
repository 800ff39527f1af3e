package dev.quarry.fingerprint.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WatermarkBatchScorerTest {
    private final GreenListScheme scheme = new GreenListScheme(0x1234_5678_9abc_def0L, 0.25);

    @Test
    void sequentialScorerGivesWhatTheSchemeGivesForEachSequenceInOrder() {
        Random rnd = new Random(4);
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int[] s = new int[rnd.nextInt(200)];
            for (int j = 0; j < s.length; j++) {
                s[j] = rnd.nextInt(i % 2 == 0 ? 50 : 50_000);
            }
            sequences.add(s);
        }
        for (boolean dedup : new boolean[] {true, false}) {
            List<WatermarkScore> scores = WatermarkBatchScorer.sequential(scheme).score(sequences, dedup);
            assertEquals(sequences.size(), scores.size());
            for (int i = 0; i < sequences.size(); i++) {
                assertEquals(scheme.score(sequences.get(i), dedup), scores.get(i));
            }
        }
    }
}
