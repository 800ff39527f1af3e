package dev.quarry.fingerprint.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceIndexCacheTest {
    private static final List<String> PROMPTS = List.of(
            "A baker makes 14 loaves every morning and sells them for 3 dollars each. "
                    + "On Sunday she gives away 4 loaves. How much money does she make on a Sunday?",
            "Solve: A baker makes 14 loaves every morning and sells them for 3 dollars each. On Sunday she "
                    + "gives away 4 loaves. How much money does she make on a Sunday?\nThink step by step.",
            "Explain how a bicycle gear system trades speed for force.",
            "Write a limerick about a cat who learns to play the violin at midnight.");

    @TempDir
    Path temp;
    private Path sets;
    private Path cache;

    @BeforeEach
    void copyFixtures() throws IOException, URISyntaxException {
        Path fixtures = Path.of(ReferenceIndexCacheTest.class.getResource("/reference").toURI());
        sets = temp.resolve("sets");
        cache = temp.resolve("cache");
        try (Stream<Path> walk = Files.walk(fixtures)) {
            for (Path p : walk.toList()) {
                Path to = sets.resolve(fixtures.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void aSecondLoadReadsTheCacheAndAnswersAsTheBuiltIndex() throws IOException {
        ReferenceIndex built = ReferenceIndex.load(sets, 0.6, 5);
        ReferenceIndexCache.load(sets, 0.6, 5, cache);
        Path file = onlyCacheFile();
        String key = ReferenceIndexCache.key(sets, 0.6, 5);
        assertTrue(ReferenceIndexCache.read(file, key).isPresent());

        ReferenceIndex cached = ReferenceIndexCache.load(sets, 0.6, 5, cache);
        assertEquals(built.size(), cached.size());
        assertEquals(built.sourceSizes(), cached.sourceSizes());
        assertEquals(built.sourceKinds(), cached.sourceKinds());
        assertEquals(built.walkSetSizes(), cached.walkSetSizes());
        for (String p : PROMPTS) {
            assertEquals(built.find(p), cached.find(p), p);
        }
        for (int doc = 0; doc < built.size(); doc++) {
            assertEquals(built.selfScore(doc), cached.selfScore(doc));
            assertEquals(built.walkSet(doc), cached.walkSet(doc));
        }
        assertEquals(file, onlyCacheFile());
    }

    @Test
    void theCacheKeepsTheDerivedScoresSoAReadDoesNotWalkThePostingsAgain() throws IOException {
        ReferenceIndex built = ReferenceIndex.load(sets, 0.6, 5);
        ReferenceIndexCache.load(sets, 0.6, 5, cache);
        ReferenceIndex.Built read = ReferenceIndexCache.read(onlyCacheFile(), ReferenceIndexCache.key(sets, 0.6, 5))
                .orElseThrow();
        assertNotNull(read.scores(), "a cache file carries the norms, self-scores and term scores");
        assertArrayEquals(built.scores().norms(), read.scores().norms());
        assertArrayEquals(built.scores().selfScores(), read.scores().selfScores());
        assertArrayEquals(built.scores().termStarts(), read.scores().termStarts());
        assertArrayEquals(built.scores().termKeys(), read.scores().termKeys());
        assertArrayEquals(built.scores().termScores(), read.scores().termScores());
        assertTrue(built.scores().termKeys().length > built.size(), "per-term scores were derived");
        assertTrue(IntStream.range(0, built.size()).anyMatch(d -> built.selfScore(d) > 0), "scores were computed");
    }

    @Test
    void aChangedReferenceFileGivesAnotherKeyAndReplacesTheStaleFile() throws IOException {
        ReferenceIndexCache.load(sets, 0.6, 5, cache);
        Path stale = onlyCacheFile();
        Path gsm = Files.walk(sets.resolve("gsm-mini")).filter(Files::isRegularFile).findFirst().orElseThrow();
        Files.setLastModifiedTime(gsm, FileTime.fromMillis(Files.getLastModifiedTime(gsm).toMillis() + 60_000));

        ReferenceIndexCache.load(sets, 0.6, 5, cache);
        assertNotEquals(stale, onlyCacheFile());
        assertTrue(Files.notExists(stale));
    }

    @Test
    void otherThresholdsGiveAnotherKey() throws IOException {
        assertNotEquals(ReferenceIndexCache.key(sets, 0.6, 5), ReferenceIndexCache.key(sets, 0.7, 5));
        assertNotEquals(ReferenceIndexCache.key(sets, 0.6, 5), ReferenceIndexCache.key(sets, 0.6, 6));
    }

    @Test
    void aCorruptCacheIsNotTrustedButRebuilt() throws IOException {
        ReferenceIndex built = ReferenceIndexCache.load(sets, 0.6, 5, cache);
        Path file = onlyCacheFile();
        byte[] bad = Files.readAllBytes(file);
        bad[bad.length / 2] ^= 0x10;
        Files.write(file, bad);
        String key = ReferenceIndexCache.key(sets, 0.6, 5);
        assertEquals(Optional.empty(), ReferenceIndexCache.read(file, key));
        assertTrue(Files.notExists(file));

        Files.write(file, bad);
        ReferenceIndex rebuilt = ReferenceIndexCache.load(sets, 0.6, 5, cache);
        for (String p : PROMPTS) {
            assertEquals(built.find(p), rebuilt.find(p), p);
        }
        assertTrue(ReferenceIndexCache.read(file, key).isPresent());
    }

    @Test
    void aTruncatedCacheIsNotTrusted() throws IOException {
        ReferenceIndexCache.load(sets, 0.6, 5, cache);
        Path file = onlyCacheFile();
        byte[] good = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        assertEquals(Optional.empty(), ReferenceIndexCache.read(file, ReferenceIndexCache.key(sets, 0.6, 5)));
    }

    private Path onlyCacheFile() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }
}
