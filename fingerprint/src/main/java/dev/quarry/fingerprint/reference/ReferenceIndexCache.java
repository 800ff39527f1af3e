package dev.quarry.fingerprint.reference;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built {@link ReferenceIndex} kept on disk, so that a start-up on unchanged reference sets reads
 * one file instead of parsing, normalising, sketching and indexing every item again.
 *
 * <p>The file is named after a key: a SHA-256 of the {@link #FORMAT} version, the Lucene version,
 * the index's thresholds and, for every regular file under the reference directory, its relative
 * path, size and modification time. A changed, added or removed reference file gives another key,
 * so a stale file is never read; writing a new one deletes the directory's other index files.
 * Besides the Lucene segment and the sketches it keeps the tables the index derives when it opens
 * (each item's BM25 length norm, self-score and per-term scores), so a read repeats no walk over the postings.
 * The file ends with a CRC-32C of everything before it, checked before anything is parsed: a
 * truncated or corrupt file is logged, deleted and rebuilt, never trusted. Files are written to a
 * temporary name and moved into place, so a reader never sees half a file and two processes
 * building at once each write a whole one.
 *
 * <p>Stateless; safe to call from several threads and processes.
 */
public final class ReferenceIndexCache {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceIndexCache.class);
    /** Bumped whenever the file layout or what {@link ReferenceIndex#build} computes changes. */
    static final int FORMAT = 7;
    private static final int MAGIC = 0x51524958; // "QRIX"
    private static final String PREFIX = "reference-";
    private static final String SUFFIX = ".idx";

    private ReferenceIndexCache() {}

    /**
     * The index of {@code dir} (see {@link ReferenceIndex#load(Path, double, int)}), read from
     * {@code cacheDir} when it holds one built from the same files with the same thresholds, else
     * built and written there. A cache that cannot be written is logged and the built index used.
     */
    public static ReferenceIndex load(Path dir, double minSimilarity, int minWords, Path cacheDir) throws IOException {
        String key = key(dir, minSimilarity, minWords);
        Path file = cacheDir.resolve(PREFIX + key + SUFFIX);
        long started = System.nanoTime();
        Optional<ReferenceIndex.Built> cached = read(file, key);
        if (cached.isPresent()) {
            try {
                ReferenceIndex index = ReferenceIndex.of(cached.get(), minSimilarity, minWords);
                LOG.info("Reference index of {}: {} items read from the cache {} in {} ms", dir, index.size(), file,
                        (System.nanoTime() - started) / 1_000_000);
                return index;
            } catch (IOException | RuntimeException e) {
                // A whole, checksummed file that Lucene still cannot open: rebuilt like a damaged one.
                LOG.warn("Reference index cache {} cannot be opened ({}); rebuilding it", file, e.toString());
            }
        }
        ReferenceIndex.Built built = ReferenceIndex.buildFrom(dir, minWords);
        ReferenceIndex index = ReferenceIndex.of(built, minSimilarity, minWords);
        ReferenceIndex.logLoaded(dir, index, started);
        try {
            write(built, index.scores(), key, cacheDir, file);
            LOG.info("Reference index cached in {}", file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write the reference index cache {}: {}", file, e.toString());
        }
        return index;
    }

    /** The cache key of the files under {@code dir} and the thresholds, in hex. */
    static String key(Path dir, double minSimilarity, int minWords) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder s = new StringBuilder();
        s.append(FORMAT).append('\n').append(Version.LATEST).append('\n').append(Double.toString(minSimilarity))
                .append('\n').append(minWords).append('\n');
        for (Path f : files) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            s.append(dir.relativize(f)).append('\t').append(a.size()).append('\t')
                    .append(a.lastModifiedTime().toMillis()).append('\n');
        }
        return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** The parts in {@code file}, or empty when it is absent, stale or damaged (then it is deleted). */
    static Optional<ReferenceIndex.Built> read(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < 8) {
                throw new IOException("truncated");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 8);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getLong(bytes.length - 8) != crc.getValue()) {
                throw new IOException("checksum mismatch");
            }
            in.limit(bytes.length - 8);
            if (in.getInt() != MAGIC || in.getInt() != FORMAT || !key.equals(string(in))) {
                throw new IOException("not an index file of this key and format");
            }
            return Optional.of(parse(in));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Reference index cache {} is unreadable ({}); rebuilding it", file, e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The rebuilt index overwrites it.
            }
            return Optional.empty();
        }
    }

    private static ReferenceIndex.Built parse(ByteBuffer in) throws IOException {
        int size = in.getInt();
        int sourceCount = in.getInt();
        List<String> sources = new ArrayList<>(sourceCount);
        List<ReferenceKind> kinds = new ArrayList<>(sourceCount);
        for (int i = 0; i < sourceCount; i++) {
            sources.add(string(in));
            kinds.add(ReferenceKind.ofLabel(string(in)).orElseThrow(() -> new IOException("unknown kind")));
        }
        int sizes = in.getInt();
        Map<String, Integer> sourceSizes = new LinkedHashMap<>();
        for (int i = 0; i < sizes; i++) {
            sourceSizes.put(string(in), in.getInt());
        }
        long[] bandKeys = new long[Math.multiplyExact(size, ShingleSketch.BANDS)];
        in.asLongBuffer().get(bandKeys);
        in.position(in.position() + bandKeys.length * Long.BYTES);
        long[] exactKeys = new long[size];
        in.asLongBuffer().get(exactKeys);
        in.position(in.position() + size * Long.BYTES);
        int[] itemSource = new int[size];
        in.asIntBuffer().get(itemSource);
        in.position(in.position() + size * Integer.BYTES);
        int[] itemWalkSet = new int[size];
        in.asIntBuffer().get(itemWalkSet);
        in.position(in.position() + size * Integer.BYTES);
        int walkSets = in.getInt();
        Map<String, Integer> walkSetSizes = new LinkedHashMap<>();
        for (int i = 0; i < walkSets; i++) {
            walkSetSizes.put(string(in), in.getInt());
        }
        int[][] itemBigrams = new int[size][];
        for (int i = 0; i < size; i++) {
            itemBigrams[i] = new int[in.getInt()];
            in.asIntBuffer().get(itemBigrams[i]);
            in.position(in.position() + itemBigrams[i].length * Integer.BYTES);
        }
        long[] norms = new long[size];
        in.asLongBuffer().get(norms);
        in.position(in.position() + size * Long.BYTES);
        float[] selfScores = new float[size];
        in.asFloatBuffer().get(selfScores);
        in.position(in.position() + size * Float.BYTES);
        int[] termStarts = new int[size + 1];
        in.asIntBuffer().get(termStarts);
        in.position(in.position() + termStarts.length * Integer.BYTES);
        int termCount = termStarts[size];
        if (termCount < 0 || termCount > in.remaining() / (Long.BYTES + Float.BYTES)) {
            throw new IOException("bad term count " + termCount);
        }
        long[] termKeys = new long[termCount];
        in.asLongBuffer().get(termKeys);
        in.position(in.position() + termCount * Long.BYTES);
        float[] termScores = new float[termCount];
        in.asFloatBuffer().get(termScores);
        in.position(in.position() + termCount * Float.BYTES);
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        int files = in.getInt();
        for (int f = 0; f < files; f++) {
            String name = string(in);
            byte[] content = new byte[in.getInt()];
            in.get(content);
            try (IndexOutput out = directory.createOutput(name, IOContext.DEFAULT)) {
                out.writeBytes(content, content.length);
            }
        }
        if (in.hasRemaining()) {
            throw new IOException(in.remaining() + " bytes after the index");
        }
        for (int s : itemSource) {
            if (s < 0 || s >= sourceCount) {
                throw new IOException("item of an unknown set");
            }
        }
        for (int s : itemWalkSet) {
            if (s < -1 || s >= sourceCount) {
                throw new IOException("item walked in an unknown set");
            }
        }
        return new ReferenceIndex.Built(directory, sources, kinds, sourceSizes, bandKeys, exactKeys, itemBigrams,
                itemSource, itemWalkSet, walkSetSizes, new ReferenceIndex.Scores(norms, selfScores, termStarts, termKeys, termScores));
    }

    private static void write(ReferenceIndex.Built built, ReferenceIndex.Scores scores, String key, Path cacheDir,
            Path file) throws IOException {
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, PREFIX, ".tmp");
        try {
            CRC32C crc = new CRC32C();
            try (OutputStream raw = Files.newOutputStream(tmp);
                    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
                    DataOutputStream out = new DataOutputStream(checked)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                string(out, key);
                out.writeInt(built.size());
                out.writeInt(built.sources().size());
                for (int i = 0; i < built.sources().size(); i++) {
                    string(out, built.sources().get(i));
                    string(out, built.kinds().get(i).label());
                }
                out.writeInt(built.sourceSizes().size());
                for (Map.Entry<String, Integer> e : built.sourceSizes().entrySet()) {
                    string(out, e.getKey());
                    out.writeInt(e.getValue());
                }
                for (long k : built.bandKeys()) {
                    out.writeLong(k);
                }
                for (long k : built.exactKeys()) {
                    out.writeLong(k);
                }
                for (int s : built.itemSource()) {
                    out.writeInt(s);
                }
                for (int s : built.itemWalkSet()) {
                    out.writeInt(s);
                }
                out.writeInt(built.walkSetSizes().size());
                for (Map.Entry<String, Integer> e : built.walkSetSizes().entrySet()) {
                    string(out, e.getKey());
                    out.writeInt(e.getValue());
                }
                for (int[] set : built.itemBigrams()) {
                    out.writeInt(set.length);
                    for (int h : set) {
                        out.writeInt(h);
                    }
                }
                for (long n : scores.norms()) {
                    out.writeLong(n);
                }
                for (float f : scores.selfScores()) {
                    out.writeFloat(f);
                }
                for (int start : scores.termStarts()) {
                    out.writeInt(start);
                }
                for (long k : scores.termKeys()) {
                    out.writeLong(k);
                }
                for (float f : scores.termScores()) {
                    out.writeFloat(f);
                }
                ByteBuffersDirectory dir = built.directory();
                String[] names = dir.listAll();
                out.writeInt(names.length);
                for (String name : names) {
                    string(out, name);
                    try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
                        byte[] content = new byte[Math.toIntExact(in.length())];
                        in.readBytes(content, 0, content.length);
                        out.writeInt(content.length);
                        out.write(content);
                    }
                }
                out.flush();
                // The checksum covers what came before it, so it goes to the raw stream.
                ByteBuffer tail = ByteBuffer.allocate(Long.BYTES).putLong(0, crc.getValue());
                raw.write(tail.array());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(cacheDir, PREFIX + "*" + SUFFIX)) {
            for (Path p : old) {
                if (!p.equals(file)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
