package dev.quarry.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinHasherTest {
    private final MinHasher hasher = new MinHasher(128, 7);

    @Test
    void identicalTextsHaveIdenticalSignatures() {
        assertArrayEquals(hasher.signature("summarise this ticket for me"), hasher.signature("summarise this ticket for me"));
    }

    @Test
    void estimatesJaccardSimilarityOfWordBigrams() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            StringBuilder shared = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                shared.append("w").append(rnd.nextInt(1_000_000)).append(' ');
            }
            String a = shared + randomWords(rnd, 10);
            String b = shared + randomWords(rnd, 10);
            double exact = jaccard(bigrams(a), bigrams(b));
            double est = MinHasher.similarity(hasher.signature(a), hasher.signature(b));
            // 128 slots: standard error about 0.044 at J = 0.5; allow 4 sigma.
            assertEquals(exact, est, 0.18, "trial " + trial);
        }
    }

    @Test
    void unrelatedTextsAreDissimilar() {
        double s = MinHasher.similarity(hasher.signature("how do i bake sourdough bread at home"),
                hasher.signature("what is the capital city of mongolia please"));
        assertTrue(s < 0.1, "similarity " + s);
    }

    @Test
    void singleWordTextsStillGetASignature() {
        assertTrue(MinHasher.similarity(hasher.signature("hello"), hasher.signature("hello")) == 1.0);
        assertTrue(MinHasher.similarity(hasher.signature("hello"), hasher.signature("goodbye")) < 0.1);
    }

    @Test
    void differentSeedsGiveDifferentSignatures() {
        int[] a = new MinHasher(32, 1).signature("the same words in the same order");
        int[] b = new MinHasher(32, 2).signature("the same words in the same order");
        assertTrue(MinHasher.similarity(a, b) < 0.2);
    }

    @Test
    void rejectsSignaturesOfDifferentLength() {
        assertThrows(IllegalArgumentException.class, () -> MinHasher.similarity(new int[2], new int[3]));
    }

    private static String randomWords(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("x").append(rnd.nextInt(1_000_000)).append(i + 1 < n ? " " : "");
        }
        return sb.toString();
    }

    private static Set<String> bigrams(String s) {
        String[] w = s.trim().split(" +");
        Set<String> out = new HashSet<>();
        for (int i = 1; i < w.length; i++) {
            out.add(w[i - 1] + " " + w[i]);
        }
        return out;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        Set<String> inter = new HashSet<>(a);
        inter.retainAll(b);
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return (double) inter.size() / union.size();
    }
}
