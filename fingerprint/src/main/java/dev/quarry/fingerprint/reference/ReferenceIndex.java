package dev.quarry.fingerprint.reference;

import dev.quarry.fingerprint.Hashing;
import dev.quarry.fingerprint.TextNormaliser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory index of public benchmark and instruction-set items, answering "which published
 * item does this prompt repeat?" for {@code benchmark_harvesting} detection, on every event.
 *
 * <p>Lookup is near-duplicate detection as at web scale (Broder 1997; Leskovec, Rajaraman and
 * Ullman, <i>Mining of Massive Datasets</i>, ch. 3), in three stages:
 * <ol>
 *   <li><b>MinHash candidates</b>: the {@value ShingleSketch#SLOTS}-slot MinHash signature of the
 *       word bigrams of {@link TextNormaliser normalised} text is cut into
 *       {@value ShingleSketch#BANDS} bands of {@value ShingleSketch#ROWS} rows; the items sharing
 *       most bands with a prompt span (an item with the span's exact text first) are the
 *       {@value #CANDIDATES} candidates. Band postings live in a primitive hash table
 *       ({@link BandPostings}), not in Lucene: a Lucene query per span cost 1-2 ms, and the
 *       common prompt matches nothing;
 *   <li><b>Jaccard confirmation</b>: a candidate is kept at an exact word-bigram Jaccard of
 *       {@code minSimilarity} or more. With 16x4 bands a pair at Jaccard 0.6 becomes a candidate
 *       with probability 0.89 and at 0.8 with 0.9999, while two fills of one word-problem template
 *       (Jaccard about 0.4) rarely confirm at the default 0.6;
 *   <li><b>BM25 confirmation</b>, only for the best match of a prompt (rare: most prompts stop at
 *       stage 1), in Lucene where BM25 lives: the BM25 score the item's document gets for the
 *       span's words, over the score it gets for its own words, must be at least
 *       {@value #MIN_BM25_SHARE}. This IDF-weighted containment rejects a bigram overlap carried
 *       by common words while the item's rare words (names, numbers, terms) are missing. A best
 *       match failing it leaves the prompt unmatched (the runner-up is not tried). The share is
 *       the sum, over the span's distinct words, of their scores in the item, read from a table
 *       of each item's terms and scores derived at load with the denominators (one walk over the
 *       postings), not by running a query over the index nor by seeking a term's postings. The
 *       last {@value #SHARE_SLOTS} shares are kept by span and item, and the last
 *       {@value #SHARE_SLOTS} spans' best candidates by span: harvesters send one item under many
 *       wrappers, each a new prompt but the same span.
 * </ol>
 *
 * <p>Harvesters wrap items ("Solve: ...\n\nLet's think step by step"), so the spans tried are the
 * whole prompt, each paragraph and each line with at least {@code minWords} words, longest
 * first (at most {@value #MAX_SPANS}: the whole prompt, the paragraphs and their first lines,
 * then the longest other lines, so a multiple-choice question shorter than its options is kept;
 * see {@link PromptSpans}, which hashes each bigram of a prompt once for all its spans); the best
 * confirmed match wins, and a span matching at {@value #GOOD_ENOUGH} or more ends the search.
 * Distillers repeat prompts, so answers are cached by a 64-bit hash of the prompt text
 * ({@value #CACHE_SIZE} slots, direct-mapped).
 *
 * <p>Each item carries its set's {@link ReferenceKind kind} (from the directory's
 * {@link ReferenceKinds#FILE}), which a match reports: the index finds conversation items too,
 * and the detector decides what a match to each kind is worth.
 *
 * <p>Memory is bounded by the corpus: per item its sorted 32-bit bigram hashes, 17 keys in the
 * postings, its BM25 self-score, a key and a score per distinct term (12 bytes each) and a source
 * ordinal on the heap, and its normalised text indexed
 * (not stored) in Lucene for BM25, plus a 4 MiB bitmap of every item bigram that lets a span
 * without enough of them skip its sketch ({@link #mayMatch}). The item id is the Lucene doc id.
 * {@link ReferenceIndexCache} keeps a built index on disk between start-ups.
 * Thread-safe: after construction the index is read-only, {@link IndexSearcher} supports
 * concurrent searches, the answer, confirmation and span caches hold immutable entries (a lost
 * race only recomputes one) and the candidate counters are per thread, so one
 * instance serves all stream threads.
 */
public final class ReferenceIndex implements ReferenceLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceIndex.class);
    static final int MAX_SPANS = 8;
    private static final int CANDIDATES = 5;
    /** A span matching this well ends the search: shorter spans cannot hold a better item. */
    private static final double GOOD_ENOUGH = 0.9;
    /** Least BM25 score of the item for the span's words, as a share of its score for its own words. */
    static final double MIN_BM25_SHARE = 0.5;
    /** Slots of the answer cache: a power of two. */
    static final int CACHE_SIZE = 8_192;
    /** Slots of the confirmation cache: a power of two, 64 KiB of references. */
    static final int SHARE_SLOTS = 8_192;
    private static final String TEXT = "text";
    private static final long NO_NORM = Long.MIN_VALUE;
    /** 2^25 bits (4 MiB): with the ~10^6 distinct bigrams of tens of thousands of items, few collide. */
    private static final int BIGRAM_MASK = (1 << 25) - 1;
    /** Default word-bigram Jaccard at which a candidate is confirmed. */
    public static final double DEFAULT_MIN_SIMILARITY = 0.6;
    /** Default minimum words of an item or prompt span. */
    public static final int DEFAULT_MIN_WORDS = 5;
    /**
     * Kinds from least to most innocent. A question real users type (conversation) is weak
     * evidence even when a benchmark also holds it (AlpacaEval draws on Open-Assistant and
     * hh-rlhf), and a benchmark item is what an evaluation team asks, even when an instruction
     * set also holds it (AlpacaEval also draws on Self-Instruct).
     */
    private static final List<ReferenceKind> PRECEDENCE =
            List.of(ReferenceKind.INSTRUCTION, ReferenceKind.BENCHMARK, ReferenceKind.CONVERSATION);

    private final ByteBuffersDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final BandPostings bands;
    private final BandPostings exact;
    private final List<String> sources;
    /** Per source (same index as {@link #sources}): its kind. */
    private final List<ReferenceKind> kinds;
    /** Per item (= Lucene doc id): sorted distinct word-bigram hashes, for exact confirmation. */
    private final int[][] itemBigrams;
    /** Per item: index into {@link #sources}. */
    private final int[] itemSource;
    private final int[] itemWalkSet;
    private final Map<String, Integer> walkSetSizes;
    /**
     * Bit {@code x & BIGRAM_MASK} set for every bigram hash {@code x} of any item: a span with too
     * few of its bigrams here cannot reach {@link #minSimilarity} against any item.
     */
    private final long[] bigramBits;
    private final Map<String, Integer> sourceSizes;
    private final Map<String, ReferenceKind> sourceKinds;
    private final int size;
    private final double minSimilarity;
    private final int minWords;
    /** Per item: its BM25 score for its own words, the denominator of {@link #bm25Share}. */
    private final float[] selfScores;
    /** Per item: its encoded length norm for BM25 (a signed byte's value), {@link #NO_NORM} where it has none. */
    private final long[] norms;
    /**
     * Per item {@code d}, the terms of its text at {@code [termStarts[d], termStarts[d + 1])} of
     * {@link #termKeys} (a hash of each term's UTF-8 bytes, ascending) and {@link #termScores}
     * (the term's BM25 score in the item): the numerators of {@link #bm25Share}, derived with the
     * self-scores in one walk over the postings.
     */
    private final int[] termStarts;
    private final long[] termKeys;
    private final float[] termScores;
    private final ThreadLocal<Candidates> candidates;
    /**
     * The last {@link #bm25Share}s computed, direct-mapped by a 64-bit hash of the span's exact
     * key and the item (a collision overwrites): {@value #SHARE_SLOTS} slots. Lock-free; see
     * {@link ConfirmedShare}.
     */
    private final ConfirmedShare[] shares = new ConfirmedShare[SHARE_SLOTS];
    /**
     * The last {@link #spanBest}s, direct-mapped by the span's exact key (a collision overwrites):
     * {@value #SHARE_SLOTS} slots. Lock-free, as {@link #shares}.
     */
    private final SpanBest[] spanBests = new SpanBest[SHARE_SLOTS];
    /**
     * The last answers, direct-mapped by a 64-bit hash of the prompt text and its length (a
     * collision overwrites): {@value #CACHE_SIZE} slots. Lock-free, as {@link #shares}: every
     * stream thread asks on every event, and a synchronised map made them queue on its lock.
     */
    private final Answer[] answers = new Answer[CACHE_SIZE];

    private ReferenceIndex(Built built, double minSimilarity, int minWords) throws IOException {
        this.minSimilarity = minSimilarity;
        this.minWords = minWords;
        this.directory = built.directory();
        int id = built.size();
        this.reader = DirectoryReader.open(directory);
        if (reader.maxDoc() != id || reader.leaves().size() > 1) {
            throw new IllegalStateException("reference index is not one segment in insertion order");
        }
        this.bands = new BandPostings(built.bandKeys(), ShingleSketch.BANDS);
        this.exact = new BandPostings(built.exactKeys(), 1);
        this.itemBigrams = built.itemBigrams();
        this.itemSource = built.itemSource();
        this.itemWalkSet = built.itemWalkSet();
        if (itemWalkSet.length != id) {
            throw new IllegalStateException("reference index walk sets do not fit its items");
        }
        this.walkSetSizes = Collections.unmodifiableMap(new TreeMap<>(built.walkSetSizes()));
        this.bigramBits = new long[(BIGRAM_MASK >>> 6) + 1];
        for (int[] set : itemBigrams) {
            for (int x : set) {
                bigramBits[(x & BIGRAM_MASK) >>> 6] |= 1L << x;
            }
        }
        this.searcher = new IndexSearcher(reader);
        // Every confirmation is a different query: caching them only costs the cache's lock.
        searcher.setQueryCache(null);
        this.sources = List.copyOf(built.sources());
        this.kinds = List.copyOf(built.kinds());
        this.sourceSizes = Collections.unmodifiableMap(new TreeMap<>(built.sourceSizes()));
        Map<String, ReferenceKind> kindOf = new TreeMap<>();
        for (int i = 0; i < sources.size(); i++) {
            if (sourceSizes.containsKey(sources.get(i))) {
                kindOf.put(sources.get(i), kinds.get(i));
            }
        }
        this.sourceKinds = Collections.unmodifiableMap(kindOf);
        this.size = id;
        // Read from the cache when there is one: the walk over every term and its postings is not repeated.
        Scores scores = built.scores() != null ? built.scores() : deriveScores();
        this.norms = scores.norms();
        this.selfScores = scores.selfScores();
        this.termStarts = scores.termStarts();
        this.termKeys = scores.termKeys();
        this.termScores = scores.termScores();
        if (norms.length != size || termStarts.length != size + 1 || termKeys.length != termStarts[size]
                || termScores.length != termKeys.length) {
            throw new IllegalStateException("reference index scores do not fit its items");
        }
        this.candidates = ThreadLocal.withInitial(() -> new Candidates(size));
    }

    /**
     * What an index is made of once its entries are read, normalised, sketched and indexed in
     * Lucene: all that {@link ReferenceIndexCache} keeps on disk. Item {@code i} is Lucene doc
     * {@code i}; its {@link ShingleSketch#BANDS} band keys are at {@code bandKeys[i * BANDS ..]}.
     *
     * @param sources set names, in order of first appearance
     * @param kinds per set (same index), its kind
     * @param sourceSizes items per set, sets with none left out
     * @param itemWalkSet per item, the set a walk of it is counted in ({@link #walkSet}), -1 for none
     * @param walkSetSizes items counted in each such set
     */
    record Built(ByteBuffersDirectory directory, List<String> sources, List<ReferenceKind> kinds,
            Map<String, Integer> sourceSizes, long[] bandKeys, long[] exactKeys, int[][] itemBigrams,
            int[] itemSource, int[] itemWalkSet, Map<String, Integer> walkSetSizes, Scores scores) {
        Built(ByteBuffersDirectory directory, List<String> sources, List<ReferenceKind> kinds,
                Map<String, Integer> sourceSizes, long[] bandKeys, long[] exactKeys, int[][] itemBigrams,
                int[] itemSource, int[] itemWalkSet, Map<String, Integer> walkSetSizes) {
            this(directory, sources, kinds, sourceSizes, bandKeys, exactKeys, itemBigrams, itemSource, itemWalkSet,
                    walkSetSizes, null);
        }

        int size() {
            return itemSource.length;
        }
    }

    /**
     * What an index derives from its Lucene segment when it opens: per item, its BM25 length norm,
     * its score for its own words and the score of each of its terms (item {@code d}'s at
     * {@code [termStarts[d], termStarts[d + 1])} of {@code termKeys}, ascending, and
     * {@code termScores}). {@link ReferenceIndexCache} keeps them, since deriving them walks every
     * term's postings. Null in a {@link Built} that has not been opened yet.
     */
    record Scores(long[] norms, float[] selfScores, int[] termStarts, long[] termKeys, float[] termScores) {}

    /** The derived tables of this index, for the cache. */
    Scores scores() {
        return new Scores(norms, selfScores, termStarts, termKeys, termScores);
    }

    /** Reads, normalises, sketches and indexes the entries (see {@link #of}). */
    static Built build(Iterable<ReferenceEntry> entries, int minWords) throws IOException {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        List<String> names = new ArrayList<>();
        List<ReferenceKind> kindList = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<Long, Integer> seen = new HashMap<>();
        List<int[]> bigramList = new ArrayList<>();
        List<Integer> sourceList = new ArrayList<>();
        // Items published in more than one set: every set holding them, for walkSet.
        Map<Integer, List<Integer>> alsoIn = new HashMap<>();
        Map<Integer, Integer> published = new HashMap<>();
        long[] bandKeys = new long[1024 * ShingleSketch.BANDS];
        long[] exactKeys = new long[1024];
        int id = 0;
        // LogDocMergePolicy merges adjacent segments only, so after forceMerge(1) doc id == item id.
        IndexWriterConfig iwc = new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(32)
                .setMergePolicy(new LogDocMergePolicy());
        try (IndexWriter writer = new IndexWriter(directory, iwc)) {
            for (ReferenceEntry e : entries) {
                String norm = TextNormaliser.normalise(e.text());
                if (e.kind() == ReferenceKind.TRACE || ReferenceCorpusReader.words(norm) < minWords) {
                    continue;
                }
                int source = names.indexOf(e.source());
                if (source < 0) {
                    source = names.size();
                    names.add(e.source());
                    kindList.add(e.kind());
                } else if (kindList.get(source) != e.kind()) {
                    throw new IllegalArgumentException("set " + e.source() + " is both " + kindList.get(source).label()
                            + " and " + e.kind().label());
                }
                Integer earlier = seen.putIfAbsent(Hashing.hash64(norm), id);
                if (earlier != null) {
                    List<Integer> holders = alsoIn.computeIfAbsent(earlier, i -> new ArrayList<>(List.of(sourceList.get(i))));
                    if (!holders.contains(source)) {
                        holders.add(source);
                        published.merge(source, 1, Integer::sum);
                    }
                    int was = sourceList.get(earlier);
                    if (PRECEDENCE.indexOf(e.kind()) > PRECEDENCE.indexOf(kindList.get(was))) {
                        sourceList.set(earlier, source);
                        counts.merge(names.get(was), -1, Integer::sum);
                        counts.merge(e.source(), 1, Integer::sum);
                    }
                    continue;
                }
                counts.merge(e.source(), 1, Integer::sum);
                published.merge(source, 1, Integer::sum);
                PromptSpans.Span sketch = PromptSpans.sketch(norm);
                bigramList.add(sketch.set());
                sourceList.add(source);
                if (id == exactKeys.length) {
                    exactKeys = Arrays.copyOf(exactKeys, id * 2);
                    bandKeys = Arrays.copyOf(bandKeys, id * 2 * ShingleSketch.BANDS);
                }
                exactKeys[id] = sketch.exactKey == 0 ? 1 : sketch.exactKey;
                System.arraycopy(sketch.bands, 0, bandKeys, id * ShingleSketch.BANDS, ShingleSketch.BANDS);
                id++;
                Document doc = new Document();
                doc.add(new TextField(TEXT, norm, Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
        }
        counts.values().removeIf(n -> n == 0);
        int[] walkSet = new int[id];
        Map<String, Integer> walkSizes = new TreeMap<>();
        for (int i = 0; i < id; i++) {
            int own = sourceList.get(i);
            walkSet[i] = kindList.get(own).harvested() ? own : -1;
            for (int s : walkSet[i] >= 0 ? List.<Integer>of() : alsoIn.getOrDefault(i, List.of())) {
                if (kindList.get(s).harvested() && (walkSet[i] < 0 || published.get(s) > published.get(walkSet[i]))) {
                    walkSet[i] = s;
                }
            }
            if (walkSet[i] >= 0) {
                walkSizes.merge(names.get(walkSet[i]), 1, Integer::sum);
            }
        }
        return new Built(directory, names, kindList, counts, Arrays.copyOf(bandKeys, id * ShingleSketch.BANDS),
                Arrays.copyOf(exactKeys, id), bigramList.toArray(new int[0][]),
                sourceList.stream().mapToInt(Integer::intValue).toArray(), walkSet, walkSizes);
    }

    /** An index of what was built or read from a cache, checked to be one segment in item order. */
    static ReferenceIndex of(Built built, double minSimilarity, int minWords) throws IOException {
        checkThresholds(minSimilarity, minWords);
        return new ReferenceIndex(built, minSimilarity, minWords);
    }

    private static void checkThresholds(double minSimilarity, int minWords) {
        if (!(minSimilarity > 0 && minSimilarity <= 1) || minWords < 2) {
            throw new IllegalArgumentException("need minSimilarity in (0, 1] and minWords >= 2");
        }
    }

    /**
     * An index of the given entries, deduplicated by normalised text: an item published in sets of
     * two kinds belongs to the first set of the kind that explains it most innocently
     * (conversation, then benchmark, then instruction), otherwise to its first set. Entries of kind
     * {@code trace} are skipped.
     *
     * @throws IllegalArgumentException when one source is given two kinds
     */
    public static ReferenceIndex of(Iterable<ReferenceEntry> entries, double minSimilarity, int minWords) {
        checkThresholds(minSimilarity, minWords);
        try {
            return new ReferenceIndex(build(entries, minWords), minSimilarity, minWords);
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
        checkThresholds(minSimilarity, minWords);
        long started = System.nanoTime();
        ReferenceIndex index = new ReferenceIndex(buildFrom(dir, minWords), minSimilarity, minWords);
        logLoaded(dir, index, started);
        return index;
    }

    /** Reads every file under {@code dir} and builds its parts. */
    static Built buildFrom(Path dir, int minWords) throws IOException {
        List<ReferenceEntry> entries = new ArrayList<>();
        new ReferenceCorpusReader(minWords).read(dir, entries::add);
        return build(entries, minWords);
    }

    static void logLoaded(Path dir, ReferenceIndex index, long startedNanos) throws IOException {
        LOG.info("Reference index of {}: {} items from {} sets built in {} ms, {} KiB in Lucene, "
                + "{} KiB of band postings: {}; kinds {}; items walked per set {}", dir, index.size,
                index.sourceSizes.size(), (System.nanoTime() - startedNanos) / 1_000_000, index.ramBytesUsed() >> 10,
                index.bands.ramBytesUsed() >> 10, index.sourceSizes, index.sourceKinds, index.walkSetSizes);
        Map<String, String> ignored = ReferenceKinds.read(dir).ignored();
        if (!ignored.isEmpty()) {
            LOG.info("Reference sets not indexed for their kind in {}: {}", ReferenceKinds.FILE, ignored);
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

    @Override
    public Optional<String> walkSet(int id) {
        return id >= 0 && id < size && itemWalkSet[id] >= 0 ? Optional.of(sources.get(itemWalkSet[id])) : Optional.empty();
    }

    @Override
    public Map<String, Integer> walkSetSizes() {
        return walkSetSizes;
    }

    /** The kind of each source dataset, sorted by name. */
    @Override
    public Map<String, ReferenceKind> sourceKinds() {
        return sourceKinds;
    }

    /** Bytes held by the Lucene directory (item text for BM25; postings and bigram arrays are extra). */
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
        long key = Hashing.hash64(promptText) ^ promptText.length();
        int slot = (int) (key ^ (key >>> 32)) & (answers.length - 1);
        Answer known = answers[slot];
        if (known != null && known.key == key) {
            return known.match;
        }
        Optional<ReferenceMatch> found = lookUp(promptText);
        answers[slot] = new Answer(key, found);
        return found;
    }

    /** One remembered answer of {@link #find}; final fields, as {@link ConfirmedShare}. */
    private static final class Answer {
        final long key;
        final Optional<ReferenceMatch> match;

        Answer(long key, Optional<ReferenceMatch> match) {
            this.key = key;
            this.match = match;
        }
    }

    private Optional<ReferenceMatch> lookUp(String promptText) {
        ReferenceMatch best = null;
        PromptSpans.Span bestSpan = null;
        for (PromptSpans.Span span : PromptSpans.of(promptText, minWords, MAX_SPANS, spanFilter)) {
            SpanBest b = spanBest(span);
            if (b.id >= 0 && (best == null || b.similarity > best.similarity())) {
                best = new ReferenceMatch(sources.get(itemSource[b.id]), kinds.get(itemSource[b.id]), b.id,
                        b.similarity);
                bestSpan = span;
            }
            if (best != null && best.similarity() >= GOOD_ENOUGH) {
                break;
            }
        }
        return best != null && confirmedShare(bestSpan, best.id()) >= MIN_BM25_SHARE
                ? Optional.of(best) : Optional.empty();
    }

    /**
     * The span's best item: among its {@value #CANDIDATES} candidates with most band hits (an
     * item of the same exact key first), the first of the highest Jaccard similarity at or above
     * {@link #minSimilarity}; id -1 when none. A function of the span's words, which its exact key
     * names, so kept in {@link #spanBests}: one item sent under many wrappers is a new prompt each
     * time, and a miss of the answer cache, but the same span.
     */
    private SpanBest spanBest(PromptSpans.Span span) {
        long key = span.exactKey;
        int memo = (int) (key ^ (key >>> 32)) & (spanBests.length - 1);
        SpanBest known = spanBests[memo];
        if (known != null && known.key == key) {
            return known;
        }
        Candidates c = candidates.get();
        int slot = exact.slot(key == 0 ? 1 : key);
        if (slot >= 0) {
            c.add(exact.id(slot, 0), ShingleSketch.BANDS + 1);
        }
        for (long band : span.bands) {
            slot = bands.slot(band);
            if (slot >= 0) {
                for (int k = 0, n = bands.count(slot); k < n; k++) {
                    c.add(bands.id(slot, k), 1);
                }
            }
        }
        int bestId = -1;
        double bestSim = 0;
        for (int n = 0, id = c.takeBest(); n < CANDIDATES && id >= 0; n++, id = c.takeBest()) {
            double sim = span.jaccard(itemBigrams[id]);
            if (sim >= minSimilarity && (bestId < 0 || sim > bestSim)) {
                bestId = id;
                bestSim = sim;
            }
        }
        c.clear();
        SpanBest found = new SpanBest(key, bestId, bestSim);
        spanBests[memo] = found;
        return found;
    }

    /** One remembered {@link #spanBest}; final fields, as {@link ConfirmedShare}. */
    private static final class SpanBest {
        final long key;
        final int id;
        final double similarity;

        SpanBest(long key, int id, double similarity) {
            this.key = key;
            this.id = id;
            this.similarity = similarity;
        }
    }

    /**
     * {@link #bm25Share} of the span's text and item {@code doc}, from {@link #shares} when this
     * pair was confirmed before. Harvesters send one item under many wrappers ("Solve: ...",
     * "Answer briefly: ..."), each a new prompt and so a miss of the answer cache, but the same
     * span and item: the share is a function of the span's words, which its exact key names.
     */
    private double confirmedShare(PromptSpans.Span span, int doc) {
        long key = Hashing.combine(span.exactKey, doc);
        int slot = (int) (key ^ (key >>> 32)) & (shares.length - 1);
        ConfirmedShare known = shares[slot];
        if (known != null && known.key == key) {
            return known.share;
        }
        double share = bm25Share(span.text(), doc);
        shares[slot] = new ConfirmedShare(key, share);
        return share;
    }

    /**
     * One remembered {@link #bm25Share}. Its fields are final, so a thread reading the slot of
     * {@link #shares} another thread wrote sees either the whole entry or the previous one.
     */
    private static final class ConfirmedShare {
        final long key;
        final double share;

        ConfirmedShare(long key, double share) {
            this.key = key;
            this.share = share;
        }
    }

    /**
     * False when a span of these sorted distinct bigrams cannot be confirmed against any item, so
     * that it needs no sketch (see {@link #spanFilter}).
     */
    boolean mayMatch(int[] set) {
        return spanFilter.mayMatch(set);
    }

    /**
     * Which prompt spans need a sketch. Confirming needs a Jaccard {@code |S ∩ I| / |S ∪ I|} of
     * {@link #minSimilarity}, so at least that share of the span's distinct bigrams must be some
     * item's, and {@link #bigramBits} holds every bigram any item has (and, where two collide,
     * more). The margin keeps a share that only rounding would put at the threshold on the safe side.
     */
    final PromptSpans.SpanFilter spanFilter = new PromptSpans.SpanFilter() {
        @Override
        public boolean known(int x) {
            return (bigramBits[(x & BIGRAM_MASK) >>> 6] & (1L << x)) != 0;
        }

        @Override
        public boolean mayMatch(int distinct, int known) {
            return distinct == 0 || (double) known / distinct >= minSimilarity - 1e-9;
        }
    };

    /**
     * BM25 score of item {@code doc} for the words of {@code spanText} over its score for its own
     * words: the IDF-weighted share of the item's words that the span holds. The numerator is what
     * a Lucene disjunction of the span's term queries scores the document (the sum of its
     * matching terms' BM25 scores, by the searcher's similarity and statistics), computed on that
     * one document's postings rather than by running the query over the index.
     */
    double bm25Share(String spanText, int doc) {
        if (selfScores[doc] <= 0) {
            return 1;
        }
        if (norms[doc] == NO_NORM) {
            return 0;
        }
        int from = termStarts[doc];
        int to = termStarts[doc + 1];
        // Each of the item's terms counts once, in the order the span first has it, as the
        // disjunction's clauses add up.
        boolean[] counted = new boolean[to - from];
        BytesRefBuilder utf8 = new BytesRefBuilder();
        double score = 0;
        try (TokenStream ts = analyzer.tokenStream(TEXT, spanText)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                utf8.copyChars(term);
                int at = Arrays.binarySearch(termKeys, from, to, termKey(utf8.get()));
                if (at >= 0 && !counted[at - from]) {
                    counted[at - from] = true;
                    score += termScores[at];
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Math.min(1, score / selfScores[doc]);
    }

    /**
     * The key of a term in {@link #termKeys}: a 64-bit FNV-1a of its UTF-8 bytes (what Lucene
     * compares terms by), mixed. Two terms of one item sharing a key is a 2^-64 event per pair.
     */
    private static long termKey(BytesRef term) {
        long h = 0xcbf29ce484222325L;
        for (int i = term.offset, end = term.offset + term.length; i < end; i++) {
            h ^= term.bytes[i] & 0xFF;
            h *= 0x100000001b3L;
        }
        return Hashing.mix64(h);
    }

    /** The searcher over the items' text (tests compare {@link #bm25Share} with its queries). */
    IndexSearcher searcher() {
        return searcher;
    }

    /** Item {@code doc}'s BM25 score for its own words. */
    float selfScore(int doc) {
        return selfScores[doc];
    }

    /**
     * Every item's BM25 length norm, score for its own words and per-term scores, in one pass over
     * the postings with the searcher's similarity and statistics: the self-score is what a query
     * of all its terms would score it.
     */
    private Scores deriveScores() throws IOException {
        long[] normOf = new long[size];
        Arrays.fill(normOf, NO_NORM);
        float[] out = new float[size];
        LeafReader leaf = reader.leaves().get(0).reader();
        Terms terms = leaf.terms(TEXT);
        NumericDocValues norms = leaf.getNormValues(TEXT);
        if (terms == null || norms == null) {
            return new Scores(normOf, out, new int[size + 1], new long[0], new float[0]);
        }
        for (int d = norms.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = norms.nextDoc()) {
            normOf[d] = norms.longValue();
        }
        CollectionStatistics collection = searcher.collectionStatistics(TEXT);
        Similarity similarity = searcher.getSimilarity();
        TermsEnum te = terms.iterator();
        PostingsEnum postings = null;
        int[] docOf = new int[1 << 16];
        long[] keyOf = new long[1 << 16];
        float[] scoreOf = new float[1 << 16];
        int n = 0;
        for (BytesRef t = te.next(); t != null; t = te.next()) {
            TermStatistics stats = searcher.termStatistics(new Term(TEXT, BytesRef.deepCopyOf(t)), te.docFreq(),
                    te.totalTermFreq());
            Similarity.SimScorer scorer = similarity.scorer(1, collection, stats);
            long key = termKey(t);
            postings = te.postings(postings, PostingsEnum.FREQS);
            for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                float score = scorer.score(postings.freq(), normOf[d]);
                out[d] += score;
                if (n == docOf.length) {
                    docOf = Arrays.copyOf(docOf, n * 2);
                    keyOf = Arrays.copyOf(keyOf, n * 2);
                    scoreOf = Arrays.copyOf(scoreOf, n * 2);
                }
                docOf[n] = d;
                keyOf[n] = key;
                scoreOf[n++] = score;
            }
        }
        int[] starts = new int[size + 1];
        for (int i = 0; i < n; i++) {
            starts[docOf[i] + 1]++;
        }
        for (int d = 0; d < size; d++) {
            starts[d + 1] += starts[d];
        }
        long[] keys = new long[n];
        float[] scores = new float[n];
        int[] cursor = Arrays.copyOf(starts, size);
        for (int i = 0; i < n; i++) {
            int at = cursor[docOf[i]]++;
            keys[at] = keyOf[i];
            scores[at] = scoreOf[i];
        }
        for (int d = 0; d < size; d++) {
            sortByKey(keys, scores, starts[d], starts[d + 1]);
        }
        return new Scores(normOf, out, starts, keys, scores);
    }

    /** Sorts {@code keys[from, to)} ascending, {@code scores} along (an item has tens of terms: insertion sort). */
    private static void sortByKey(long[] keys, float[] scores, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long k = keys[i];
            float v = scores[i];
            int j = i - 1;
            while (j >= from && keys[j] > k) {
                keys[j + 1] = keys[j];
                scores[j + 1] = scores[j];
                j--;
            }
            keys[j + 1] = k;
            scores[j + 1] = v;
        }
    }

    /**
     * Band hits per item for one span, on one thread: a dense counter per item and the list of
     * items touched, so that counting and clearing cost the postings read, not the index size.
     */
    private static final class Candidates {
        private final int[] hits;
        private int[] touched = new int[64];
        private int count;

        Candidates(int items) {
            hits = new int[items];
        }

        void add(int id, int weight) {
            if (hits[id] == 0) {
                if (count == touched.length) {
                    touched = Arrays.copyOf(touched, count * 2);
                }
                touched[count++] = id;
            }
            hits[id] += weight;
        }

        /** The item with most hits (lowest id on ties), taken out of the running; -1 when none is left. */
        int takeBest() {
            int best = -1;
            for (int i = 0; i < count; i++) {
                int id = touched[i];
                if (hits[id] > 0 && (best < 0 || hits[id] > hits[best] || hits[id] == hits[best] && id < best)) {
                    best = id;
                }
            }
            if (best >= 0) {
                hits[best] = -hits[best]; // taken; clear() resets it
            }
            return best;
        }

        void clear() {
            for (int i = 0; i < count; i++) {
                hits[touched[i]] = 0;
            }
            count = 0;
        }
    }
}
