package dev.quarry.corpora.eval;

import static dev.quarry.corpora.eval.BaselineQueries.query;
import static dev.quarry.corpora.eval.BaselineQueries.varied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BaselinesTest {
    @Test
    void rateLimitScoresTheBusiestSlidingHour() {
        RateLimitBaseline b = new RateLimitBaseline();
        assertEquals(1.0, b.score(query("k", 0, "a")));
        assertEquals(2.0, b.score(query("k", 1_000, "a")));
        assertEquals(3.0, b.score(query("k", 3_599_999, "a")));
        assertEquals(3.0, b.score(query("k", 3_600_000, "a")), "the first request left the window");
        assertEquals(1.0, b.score(query("other", 3_600_000, "a")), "windows are per client");
    }

    @Test
    void seatCountsQueriesWithASimilarEarlierQuery() {
        SimilarPairBaseline b = new SimilarPairBaseline();
        assertEquals(0.0, b.score(query("k", 0, "translate the following sentence into french: the cat sleeps")));
        assertEquals(1.0, b.score(query("k", 1, "translate the following sentence into french: the dog barks")));
        assertEquals(1.0, b.score(query("k", 2, "what should I cook tonight with leftover rice and two eggs?")));
        assertEquals(2.0, b.score(query("k", 3, "translate the following sentence into french: the cat sleeps")));
        assertEquals(0.0, b.score(query("other", 4, "translate the following sentence into french: the cat sleeps")));
    }

    @Test
    void hashedVectorsAreUnitLengthAndCloserForSharedTrigrams() {
        HashedNgramVectors enc = new HashedNgramVectors(256);
        float[] a = enc.vector("the quick brown fox jumps");
        float[] b = enc.vector("the quick brown fox sleeps");
        float[] c = enc.vector("an entirely unrelated sentence about taxes");
        double norm = 0;
        for (float x : a) {
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
        assertTrue(HashedNgramVectors.distance(a, b) < HashedNgramVectors.distance(a, c));
        assertEquals(HashedNgramVectors.distance(a, c) * HashedNgramVectors.distance(a, c),
                HashedNgramVectors.squaredDistance(a, HashedNgramVectors.nonZero(a), c, 1.0), 1e-5);
    }
}
