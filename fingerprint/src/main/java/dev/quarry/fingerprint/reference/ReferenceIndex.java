package dev.quarry.fingerprint.reference;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.TextNormaliser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory Lucene index of public benchmark and instruction-set items, answering "which
 * published item does this prompt repeat?" for {@code benchmark_harvesting} detection.
 *
 * <p>Lookup is two-stage, as in near-duplicate detection at web scale (Broder 1997; Leskovec,
 * Rajaraman and Ullman, <i>Mining of Massive Datasets</i>, ch. 3): the MinHash signature
 * ({@value #SLOTS} slots over word bigrams of {@link TextNormaliser normalised} text) is cut into
 * {@value #BANDS} bands of {@value #ROWS} rows, each band indexed as one Lucene term; the items
 * sharing most bands with a prompt span (plus an exact-text term) are the candidates, and a
 * candidate is confirmed by the exact Jaccard similarity of word-bigram sets at
 * {@code minSimilarity} or more. With 16x4 bands a pair at Jaccard 0.6 becomes a candidate with
 * probability 0.89 and at 0.8 with 0.9999, while two different fills of one word-problem template
 * (Jaccard about 0.4) rarely confirm at the default 0.6.
 *
 * <p>Harvesters wrap items ("Solve: ...\n\nLet's think step by step"), so the spans tried are the
 * whole prompt, each paragraph and each line with at least {@code minWords} words, longest
 * first (at most {@value #MAX_SPANS}); the best confirmed match wins.
 *
 * <p>Memory is bounded by the corpus: per item 17 short terms in Lucene, and on the heap its
 * sorted 32-bit bigram hashes and a source ordinal (no stored fields: decompressing a stored
 * block per candidate was the bottleneck of a lookup). The item id is the Lucene doc id. Thread-safe: after construction the index
 * is read-only and {@link IndexSearcher} and {@link DirectoryReader} support concurrent searches,
 * so one instance serves all stream threads.
 */
public final class ReferenceIndex implements ReferenceLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceIndex.class);
    static final int SLOTS = 64;
    static final int BANDS = 16;
    static final int ROWS = SLOTS / BANDS;
    static final int MAX_SPANS = 8;
    private static final int CANDIDATES = 5;
    /** A span matching this well ends the search: shorter spans cannot hold a better item. */
    private static final double GOOD_ENOUGH = 0.9;
    private static final long SEED = 0x7EF1_DE77L;
    /** Default word-bigram Jaccard at which a candidate is confirmed. */
    public static final double DEFAULT_MIN_SIMILARITY = 0.6;
    /** Default minimum words of an item or prompt span. */
    public static final int DEFAULT_MIN_WORDS = 5;

    private final MinHasher hasher = new MinHasher(SLOTS, SEED);
    private final ByteBuffersDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final List<String> sources;
    /** Per item (= Lucene doc id): sorted distinct word-bigram hashes, for exact confirmation. */
    private final int[][] itemBigrams;
    /** Per item: index into {@link #sources}. */
    private final int[] itemSource;
    private final Map<String, Integer> sourceSizes;
    private final int size;
    private final double minSimilarity;
    private final int minWords;

    private ReferenceIndex(Iterable<ReferenceEntry> entries, double minSimilarity, int minWords) throws IOException {
        if (!(minSimilarity > 0 && minSimilarity <= 1) || minWords < 2) {
            throw new IllegalArgumentException("need min_similarity in (0, 1] and min_words >= 2");
        }
        this.minSimilarity = minSimilarity;
        this.minWords = minWords;
        this.directory = new ByteBuffersDirectory();
        List<String> names = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Set<Long> seen = new HashSet<>();
        List<int[]> bigramList = new ArrayList<>();
        List<Integer> sourceList = new ArrayList<>();
        int id = 0;
        // LogDocMergePolicy merges adjacent segments only, so after forceMerge(1) doc id == item id.
        IndexWriterConfig iwc = new IndexWriterConfig().setRAMBufferSizeMB(32).setMergePolicy(new LogDocMergePolicy());
        try (IndexWriter writer = new IndexWriter(directory, iwc)) {
            for (ReferenceEntry e : entries) {
                String norm = TextNormaliser.normalise(e.text());
                if (ReferenceCorpusReader.words(norm) < minWords || !seen.add(Hashing.hash64(norm))) {
                    continue; // the same item published in two sets keeps its first source
                }
                int source = names.indexOf(e.source());
                if (source < 0) {
                    source = names.size();
                    names.add(e.source());
                }
                counts.merge(e.source(), 1, Integer::sum);
                bigramList.add(bigrams(norm));
                sourceList.add(source);
                id++;
                Document doc = new Document();
                doc.add(new StringField("exact", key(Hashing.hash64(norm)), Field.Store.NO));
                for (BytesRef band : bands(hasher.signature(norm))) {
                    doc.add(new StringField("band", band, Field.Store.NO));
                }
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
        this.reader = DirectoryReader.open(directory);
        if (reader.maxDoc() != id || reader.leaves().size() > 1) {
            throw new IllegalStateException("reference index is not one segment in insertion order");
        }
        this.itemBigrams = bigramList.toArray(new int[0][]);
        this.itemSource = sourceList.stream().mapToInt(Integer::intValue).toArray();
        this.searcher = new IndexSearcher(reader);
        // Every lookup is a different query: caching them only costs the cache's lock.
        searcher.setQueryCache(null);
        this.sources = List.copyOf(names);
        this.sourceSizes = Collections.unmodifiableMap(counts);
        this.size = id;
    }

    /** An index of the given entries, deduplicated by normalised text. */
    public static ReferenceIndex of(Iterable<ReferenceEntry> entries, double minSimilarity, int minWords) {
        try {
            return new ReferenceIndex(entries, minSimilarity, minWords);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory directory does not fail
        }
    }

    /** An index of every file under {@code dir} by {@link ReferenceCorpusReader}'s rule, with default thresholds. */
    public static ReferenceIndex load(Path dir) throws IOException {
        return load(dir, DEFAULT_MIN_SIMILARITY, DEFAULT_MIN_WORDS);
    }

    /** An index of every file under {@code dir}; logs how many items and how long it took. */
    public static ReferenceIndex load(Path dir, double minSimilarity, int minWords) throws IOException {
        long started = System.nanoTime();
        List<ReferenceEntry> entries = new ArrayList<>();
        new ReferenceCorpusReader(minWords).read(dir, entries::add);
        ReferenceIndex index = new ReferenceIndex(entries, minSimilarity, minWords);
        LOG.info("Reference index of {}: {} items ({} read) from {} sets in {} ms, {} KiB in Lucene: {}", dir,
                index.size, entries.size(), index.sources.size(), (System.nanoTime() - started) / 1_000_000,
                index.ramBytesUsed() >> 10, index.sourceSizes);
        return index;
    }

    @Override
    public int size() {
        return size;
    }

    /** Items per source dataset, sorted by name. */
    @Override
    public Map<String, Integer> sourceSizes() {
        return sourceSizes;
    }

    /** Bytes held by the Lucene directory (terms and postings; the bigram arrays are extra). */
    public long ramBytesUsed() {
        long bytes = 0;
        try {
            for (String file : directory.listAll()) {
                bytes += directory.fileLength(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    @Override
    public Optional<ReferenceMatch> find(String promptText) {
        if (promptText == null || promptText.isEmpty()) {
            return Optional.empty();
        }
        ReferenceMatch best = null;
        try {
            for (String span : spans(promptText)) {
                int[] spanBigrams = bigrams(span);
                BooleanQuery.Builder q = new BooleanQuery.Builder();
                q.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term("exact",
                        key(Hashing.hash64(span))))), BANDS + 1), BooleanClause.Occur.SHOULD);
                for (BytesRef band : bands(hasher.signature(span))) {
                    q.add(new ConstantScoreQuery(new TermQuery(new Term("band", band))), BooleanClause.Occur.SHOULD);
                }
                for (ScoreDoc hit : searcher.search(q.build(), CANDIDATES).scoreDocs) {
                    double sim = jaccard(spanBigrams, itemBigrams[hit.doc]);
                    if (sim >= minSimilarity && (best == null || sim > best.similarity())) {
                        best = new ReferenceMatch(sources.get(itemSource[hit.doc]), hit.doc, sim);
                    }
                }
                if (best != null && best.similarity() >= GOOD_ENOUGH) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(best);
    }

    /** Normalised spans of the prompt worth looking up: whole, paragraphs, lines; longest first. */
    List<String> spans(String text) {
        Set<String> out = new LinkedHashSet<>();
        addSpan(out, text);
        for (String paragraph : text.split("\\n\\s*\\n")) {
            addSpan(out, paragraph);
        }
        for (String line : text.split("\\n")) {
            addSpan(out, line);
        }
        List<String> spans = new ArrayList<>(out);
        spans.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return spans.size() > MAX_SPANS ? spans.subList(0, MAX_SPANS) : spans;
    }

    private void addSpan(Set<String> out, String raw) {
        String norm = TextNormaliser.normalise(raw.length() > ReferenceCorpusReader.MAX_CHARS
                ? raw.substring(0, ReferenceCorpusReader.MAX_CHARS) : raw);
        if (ReferenceCorpusReader.words(norm) >= minWords) {
            out.add(norm);
        }
    }

    private static List<BytesRef> bands(int[] sig) {
        List<BytesRef> out = new ArrayList<>(BANDS);
        for (int b = 0; b < BANDS; b++) {
            long h = b;
            for (int r = 0; r < ROWS; r++) {
                h = Hashing.combine(h, sig[b * ROWS + r]);
            }
            byte[] bytes = new byte[9];
            bytes[0] = (byte) b;
            for (int i = 0; i < 8; i++) {
                bytes[i + 1] = (byte) (h >>> (8 * i));
            }
            out.add(new BytesRef(bytes));
        }
        return out;
    }

    private static String key(long hash) {
        return Long.toHexString(hash);
    }

    /**
     * Sorted distinct 32-bit hashes of the word bigrams (the single word of a one-word text); 32
     * bits keep the per-item arrays small, and a collision among a few hundred bigrams (p about
     * 1e-5) moves a Jaccard estimate by under 1%.
     */
    static int[] bigrams(String norm) {
        String[] words = norm.split(" ");
        int[] out = new int[Math.max(1, words.length - 1)];
        if (words.length == 1) {
            out[0] = (int) (Hashing.hash64(words[0]) >>> 32);
        }
        for (int i = 0; i + 1 < words.length; i++) {
            out[i] = (int) (Hashing.combine(Hashing.hash64(words[i]), Hashing.hash64(words[i + 1])) >>> 32);
        }
        Arrays.sort(out);
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            if (i == 0 || out[i] != out[i - 1]) {
                out[n++] = out[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    static double jaccard(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                both++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - both;
        return union == 0 ? 0 : (double) both / union;
    }
}
