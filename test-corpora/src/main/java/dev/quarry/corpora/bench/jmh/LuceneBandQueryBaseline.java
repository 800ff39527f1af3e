package dev.quarry.corpora.bench.jmh;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.MinHasher;
import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.fingerprint.reference.ReferenceEntry;
import dev.quarry.fingerprint.reference.ReferenceLookup;
import dev.quarry.fingerprint.reference.ReferenceMatch;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The reference index as it was before band postings moved out of Lucene (commit 369b9b1): one
 * Lucene BooleanQuery of 16 band terms and an exact-text term per prompt span, up to 8 spans a
 * prompt. Kept only as the baseline of {@link ReferenceLookupBenchmark}; not used by Quarry.
 */
public final class LuceneBandQueryBaseline implements ReferenceLookup {
    private static final int MAX_CHARS = 4_000;
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

    private LuceneBandQueryBaseline(Iterable<ReferenceEntry> entries, double minSimilarity, int minWords)
            throws IOException {
        if (!(minSimilarity > 0 && minSimilarity <= 1) || minWords < 2) {
            throw new IllegalArgumentException("need minSimilarity in (0, 1] and minWords >= 2");
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
                if (words(norm) < minWords || !seen.add(Hashing.hash64(norm))) {
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
    public static LuceneBandQueryBaseline of(Iterable<ReferenceEntry> entries, double minSimilarity, int minWords) {
        try {
            return new LuceneBandQueryBaseline(entries, minSimilarity, minWords);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory directory does not fail
        }
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
        String norm = TextNormaliser.normalise(raw.length() > MAX_CHARS
                ? raw.substring(0, MAX_CHARS) : raw);
        if (words(norm) >= minWords) {
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

    private static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean space = Character.isWhitespace(s.charAt(i));
            if (!space && !in) {
                n++;
            }
            in = !space;
        }
        return n;
    }
}
