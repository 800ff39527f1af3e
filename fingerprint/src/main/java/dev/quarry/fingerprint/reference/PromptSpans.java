package dev.quarry.fingerprint.reference;

import dev.quarry.fingerprint.TextNormaliser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spans of a prompt worth looking up (the whole prompt, each paragraph, each line, each line
 * without a short lead-in such as "Quick question:", with at least {@code minWords} words,
 * distinct, longest first, at most {@code maxSpans}: when there are more, the whole prompt, the
 * paragraphs and each paragraph's first line are kept first), sketched.
 *
 * <p>The spans nest, so they share their words: each line is normalised once, each word and
 * bigram hashed once, and each bigram goes through the {@value ShingleSketch#SLOTS} MinHash
 * permutations once; a span's signature is the slot-wise minimum over the runs of bigrams it
 * covers. The bigram joining the last word of one line to the first of the next belongs to the
 * paragraph and the whole prompt, as in their normalised text. A span longer than
 * {@value ReferenceCorpusReader#MAX_CHARS} raw characters is cut there and sketched on its own,
 * as items are cut when read (once per cut, when spans share their start, and only when the
 * filter lets the cut through). A prompt is read up to {@value #MAX_PROMPT_CHARS} characters.
 *
 * <p>Not thread-safe; one instance per lookup.
 */
final class PromptSpans {
    static final int MAX_PROMPT_CHARS = 64_000;
    /** Longest lead-in cut from a line: "hey, can you help me with this:" and the like. */
    static final int MAX_LEAD_WORDS = 8;

    /**
     * One span: its exact key, band keys; its sorted bigram set and normalised text on demand. A
     * lookup reads the set only for a span whose bands hit some item, and stops at the first span
     * near enough: most spans sketched are never compared, and sorting their bigrams was the
     * largest part of sketching them.
     */
    static final class Span {
        final long exactKey;
        final long[] bands;
        private final PromptSpans owner;
        private final int lineFrom;
        private final int lineTo;
        private final int lead;
        /** The prompt's bigrams, of which {@code [bigramFrom, bigramTo)} are this span's (until {@link #set} is made). */
        private final int[] bigrams;
        private final int bigramFrom;
        private final int bigramTo;
        private int[] set;
        private String text;
        /** This span's distinct bigrams in an open-addressing table, for {@link #jaccard} (on demand). */
        private int[] table;
        private boolean[] used;
        private int distinct;

        private Span(long exactKey, int[] set, long[] bands, PromptSpans owner, int lineFrom, int lineTo, int lead,
                String text, int[] bigrams, int bigramFrom, int bigramTo) {
            this.exactKey = exactKey;
            this.set = set;
            this.bands = bands;
            this.owner = owner;
            this.lineFrom = lineFrom;
            this.lineTo = lineTo;
            this.lead = lead;
            this.text = text;
            this.bigrams = bigrams;
            this.bigramFrom = bigramFrom;
            this.bigramTo = bigramTo;
        }

        /** The span's distinct bigrams, sorted. */
        int[] set() {
            if (set == null) {
                set = ShingleSketch.set(bigrams, bigramFrom, bigramTo);
            }
            return set;
        }

        /**
         * {@link ShingleSketch#jaccard} of {@link #set()} and {@code item} (sorted, distinct),
         * without sorting this span's bigrams: they go into a hash set once, and each of the
         * item's is looked up in it. The same counts (shared, distinct on each side) give the same
         * value; a long span's sort was most of checking its candidates.
         */
        double jaccard(int[] item) {
            if (set != null) {
                return ShingleSketch.jaccard(set, item);
            }
            if (table == null) {
                int capacity = Integer.highestOneBit(Math.max(16, (bigramTo - bigramFrom) * 2 - 1)) << 1;
                table = new int[capacity];
                used = new boolean[capacity];
                int shift = 32 - Integer.numberOfTrailingZeros(capacity);
                for (int i = bigramFrom; i < bigramTo; i++) {
                    int x = bigrams[i];
                    int slot = (x * 0x9E3779B9) >>> shift;
                    while (used[slot] && table[slot] != x) {
                        slot = (slot + 1) & (capacity - 1);
                    }
                    if (!used[slot]) {
                        used[slot] = true;
                        table[slot] = x;
                        distinct++;
                    }
                }
            }
            int capacity = table.length;
            int shift = 32 - Integer.numberOfTrailingZeros(capacity);
            int both = 0;
            for (int x : item) {
                int slot = (x * 0x9E3779B9) >>> shift;
                while (used[slot]) {
                    if (table[slot] == x) {
                        both++;
                        break;
                    }
                    slot = (slot + 1) & (capacity - 1);
                }
            }
            int union = distinct + item.length - both;
            return union == 0 ? 0 : (double) both / union;
        }

        /** The normalised text of the span (joined lines without a cut lead-in, or the cut text). */
        String text() {
            if (text == null) {
                text = String.join(" ", owner.lineNorms.subList(lineFrom, lineTo)).substring(lead);
            }
            return text;
        }
    }

    /**
     * A candidate span before sketching: lines {@code [lineFrom, lineTo)}, words {@code [from, to)},
     * less the first {@code lead} characters of their normalised text (a cut lead-in).
     */
    private record Range(int lineFrom, int lineTo, int from, int to, int rawStart, int rawEnd, int normChars,
            int lead) {
        /** Kept first when a prompt has too many spans: several lines, or a paragraph's first (or only) line. */
        boolean first(boolean[] heads) {
            return lineTo - lineFrom > 1 || heads[lineFrom];
        }
    }

    private final String prompt;
    private final List<String> lineNorms = new ArrayList<>();
    private long[] words;
    private int n;

    private PromptSpans(String prompt) {
        this.prompt = prompt;
        this.words = new long[prompt.length() / 2 + 2];
    }

    /**
     * Which spans are worth a MinHash sketch: false when no item can be near enough to a span,
     * so that it is left out unsketched. Decided from counts, so that a span turned down is never
     * sorted: {@link #known} is asked at most once per bigram of the prompt, and
     * {@link #mayMatch(int, int)} once per span with its distinct bigrams and how many of those
     * are known.
     */
    interface SpanFilter {
        SpanFilter ALL = new SpanFilter() {
            @Override
            public boolean known(int bigram) {
                return true;
            }

            @Override
            public boolean mayMatch(int distinct, int known) {
                return true;
            }
        };

        /** Whether some item may hold this bigram element (true may be wrong, false may not). */
        boolean known(int bigram);

        /** Whether a span of {@code distinct} distinct bigrams, {@code known} of them known, may match. */
        boolean mayMatch(int distinct, int known);

        /** {@link #mayMatch(int, int)} of a span given as its sorted distinct bigrams. */
        default boolean mayMatch(int[] set) {
            int known = 0;
            for (int x : set) {
                if (known(x)) {
                    known++;
                }
            }
            return mayMatch(set.length, known);
        }
    }

    /** The sketched spans of {@code prompt}, longest first. */
    static List<Span> of(String prompt, int minWords, int maxSpans) {
        return of(prompt, minWords, maxSpans, SpanFilter.ALL);
    }

    /**
     * The sketched spans of {@code prompt} that {@code filter} lets through, longest first, as
     * {@link #of(String, int, int)} gives them less the others.
     */
    static List<Span> of(String prompt, int minWords, int maxSpans, SpanFilter filter) {
        String text = prompt.length() > MAX_PROMPT_CHARS ? prompt.substring(0, MAX_PROMPT_CHARS) : prompt;
        return new PromptSpans(text).spans(minWords, maxSpans, filter);
    }

    /** The sketch of one normalised text (an item, or a cut span). */
    static Span sketch(String norm) {
        return sketch(norm, SpanFilter.ALL);
    }

    /** The sketch of one normalised text, or null when {@code filter} turns it down (then unsorted and unminimised). */
    private static Span sketch(String norm, SpanFilter filter) {
        long[] w = new long[(norm.length() + 1) / 2 + 1];
        int count = ShingleSketch.wordHashes(norm, w, 0);
        int[] bigrams = ShingleSketch.bigrams(w, count);
        if (filter != SpanFilter.ALL && !new DistinctCount(bigrams.length, filter).mayMatch(bigrams, 0, bigrams.length)) {
            return null;
        }
        int[] mins = ShingleSketch.emptyMins();
        ShingleSketch.minimise(bigrams, 0, bigrams.length, mins);
        long[] bands = new long[ShingleSketch.BANDS];
        ShingleSketch.bands(mins, bands, 0);
        return new Span(ShingleSketch.exactKey(w, 0, count), ShingleSketch.set(bigrams, 0, bigrams.length), bands,
                null, 0, 0, 0, norm, null, 0, 0);
    }

    private List<Span> spans(int minWords, int maxSpans, SpanFilter filter) {
        List<Range> lines = new ArrayList<>();
        List<Range> paragraphs = new ArrayList<>();
        List<Range> leads = new ArrayList<>();
        int paraStart = -1;
        int lineStart = 0;
        while (lineStart <= prompt.length()) {
            int lineEnd = prompt.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? prompt.length() : lineEnd;
            if (blank(lineStart, lineEnd)) {
                paraStart = closeParagraph(lines, paragraphs, paraStart);
            } else {
                String norm = TextNormaliser.normalise(prompt.substring(lineStart, lineEnd));
                if (words.length - n < (norm.length() + 1) / 2 + 1) {
                    words = Arrays.copyOf(words, words.length + norm.length() + 2);
                }
                int from = n;
                n = ShingleSketch.wordHashes(norm, words, n);
                if (n > from) { // a line of invisible characters only has no words but breaks nothing
                    paraStart = paraStart < 0 ? lines.size() : paraStart;
                    lines.add(new Range(lineNorms.size(), lineNorms.size() + 1, from, n, lineStart, lineEnd,
                            norm.length(), 0));
                    Range lead = withoutLeadIn(lines.get(lines.size() - 1), norm, minWords);
                    if (lead != null) {
                        leads.add(lead);
                    }
                    lineNorms.add(norm);
                }
            }
            lineStart = lineEnd + 1;
        }
        closeParagraph(lines, paragraphs, paraStart);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<Range> ranges = new ArrayList<>(1 + paragraphs.size() + lines.size());
        ranges.add(join(lines, 0, lines.size(), 0, prompt.length()));
        ranges.addAll(paragraphs);
        ranges.addAll(lines);
        ranges.addAll(leads);
        // The first line of a paragraph is often the item itself: a multiple-choice question
        // over its options, an instruction over its input.
        boolean[] heads = new boolean[lineNorms.size()];
        for (Range p : paragraphs) {
            heads[p.lineFrom()] = true;
        }
        return sketch(select(ranges, minWords, maxSpans, heads), filter);
    }

    /**
     * The line without its lead-in, or null when it has none: the words up to the last one ending
     * in {@code : . ? !} among its first {@value #MAX_LEAD_WORDS}, when at least {@code minWords}
     * words follow. An opener on the item's own line ("Quick question: ...", "Hey, can you help:
     * ...") adds two to four bigrams the item lacks; a short item loses more Jaccard to them than
     * to a dropped word.
     */
    private static Range withoutLeadIn(Range line, String norm, int minWords) {
        if (line.rawEnd() - line.rawStart() > ReferenceCorpusReader.MAX_CHARS) {
            return null; // cut and sketched on its own text; see sketch()
        }
        int words = 0;
        int lead = 0;
        int leadChars = 0;
        for (int i = 0; i < norm.length() && words < MAX_LEAD_WORDS; ) {
            int end = norm.indexOf(' ', i);
            end = end < 0 ? norm.length() : end;
            words++;
            if (":.?!".indexOf(norm.charAt(end - 1)) >= 0 && end < norm.length()) {
                lead = words;
                leadChars = end + 1;
            }
            i = end + 1;
        }
        if (lead == 0 || line.to() - line.from() - lead < minWords) {
            return null;
        }
        return new Range(line.lineFrom(), line.lineTo(), line.from() + lead, line.to(), line.rawStart(), line.rawEnd(),
                norm.length() - leadChars, leadChars);
    }

    private int closeParagraph(List<Range> lines, List<Range> paragraphs, int paraStart) {
        if (paraStart >= 0) {
            paragraphs.add(join(lines, paraStart, lines.size(), lines.get(paraStart).rawStart(),
                    lines.get(lines.size() - 1).rawEnd()));
        }
        return -1;
    }

    private static Range join(List<Range> lines, int from, int to, int rawStart, int rawEnd) {
        int chars = to - from - 1;
        for (int i = from; i < to; i++) {
            chars += lines.get(i).normChars();
        }
        return new Range(lines.get(from).lineFrom(), lines.get(to - 1).lineTo(), lines.get(from).from(),
                lines.get(to - 1).to(), rawStart, rawEnd, chars, 0);
    }

    /** As {@code String.split("\\n\\s*\\n")} sees a separator: only ASCII white space. */
    private boolean blank(int from, int to) {
        for (int i = from; i < to; i++) {
            char c = prompt.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\u000B') {
                return false;
            }
        }
        return true;
    }

    private List<Range> select(List<Range> ranges, int minWords, int maxSpans, boolean[] heads) {
        // The exact keys seen, in an open-addressing table of primitive longs (0 marks an empty slot).
        long[] seen = new long[Integer.highestOneBit(Math.max(8, ranges.size() * 2 - 1)) << 1];
        int mask = seen.length - 1;
        boolean seenZero = false;
        List<Range> kept = new ArrayList<>();
        for (Range r : ranges) {
            if (r.to() - r.from() < minWords) {
                continue;
            }
            long key = ShingleSketch.exactKey(words, r.from(), r.to());
            boolean added;
            if (key == 0) {
                added = !seenZero;
                seenZero = true;
            } else {
                int slot = (int) (key ^ (key >>> 32)) & mask;
                while (seen[slot] != 0 && seen[slot] != key) {
                    slot = (slot + 1) & mask;
                }
                added = seen[slot] == 0;
                seen[slot] = key;
            }
            if (added) {
                kept.add(r);
            }
        }
        if (kept.size() > maxSpans) {
            // Too many spans: the whole prompt, its paragraphs and their first lines go first,
            // then the longest other lines. An item's question line is shorter than the options
            // under it and would otherwise be the one left out.
            kept.sort((a, b) -> a.first(heads) != b.first(heads) ? (a.first(heads) ? -1 : 1)
                    : Integer.compare(b.normChars(), a.normChars()));
            kept = new ArrayList<>(kept.subList(0, maxSpans));
        }
        kept.sort((a, b) -> Integer.compare(b.normChars(), a.normChars())); // stable: whole before its only paragraph
        return kept;
    }

    private List<Span> sketch(List<Range> ranges, SpanFilter filter) {
        int[] bigrams = new int[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            bigrams[i] = ShingleSketch.bigram(words[i], words[i + 1]);
        }
        // A span the filter turns down is neither sorted, minimised nor returned: the common
        // prompt matches nothing, and sorting each of its nested spans was most of the cost.
        DistinctCount distinct = new DistinctCount(bigrams.length, filter);
        boolean[] sketched = new boolean[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            sketched[i] = !tooLong(r) && distinct.mayMatch(bigrams, r.from(), r.to() - 1);
        }
        // Cut the bigram positions at every span end so that each run is minimised once.
        int[] cuts = new int[ranges.size() * 2];
        int c = 0;
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            if (sketched[i]) {
                cuts[c++] = r.from();
                cuts[c++] = r.to() - 1;
            }
        }
        Arrays.sort(cuts, 0, c);
        int distinctCuts = 0;
        for (int i = 0; i < c; i++) {
            if (i == 0 || cuts[i] != cuts[i - 1]) {
                cuts[distinctCuts++] = cuts[i];
            }
        }
        cuts = Arrays.copyOf(cuts, distinctCuts);
        int[][] runMins = new int[Math.max(0, cuts.length - 1)][];
        for (int i = 0; i + 1 < cuts.length; i++) {
            runMins[i] = ShingleSketch.emptyMins();
            ShingleSketch.minimise(bigrams, cuts[i], cuts[i + 1], runMins[i]);
        }
        List<Span> out = new ArrayList<>(ranges.size());
        // A span too long is cut at its start: the whole prompt and its first paragraph, or a
        // paragraph and its first line, give the same cut, normalised and sketched once.
        Map<Integer, Optional<Span>> cutSpans = null;
        for (int s = 0; s < ranges.size(); s++) {
            Range r = ranges.get(s);
            if (tooLong(r)) {
                cutSpans = cutSpans == null ? new HashMap<>() : cutSpans;
                cutSpans.computeIfAbsent(r.rawStart(), start -> Optional.ofNullable(sketch(TextNormaliser.normalise(
                        prompt.substring(start, start + ReferenceCorpusReader.MAX_CHARS)), filter))).ifPresent(out::add);
                continue;
            }
            if (!sketched[s]) {
                continue;
            }
            int[] mins = ShingleSketch.emptyMins();
            for (int i = Arrays.binarySearch(cuts, r.from()); cuts[i] < r.to() - 1; i++) {
                for (int k = 0; k < mins.length; k++) {
                    mins[k] = Math.min(mins[k], runMins[i][k]);
                }
            }
            long[] bands = new long[ShingleSketch.BANDS];
            ShingleSketch.bands(mins, bands, 0);
            out.add(new Span(ShingleSketch.exactKey(words, r.from(), r.to()), null, bands, this, r.lineFrom(),
                    r.lineTo(), r.lead(), null, bigrams, r.from(), r.to() - 1));
        }
        return out;
    }

    private static boolean tooLong(Range r) {
        return r.rawEnd() - r.rawStart() > ReferenceCorpusReader.MAX_CHARS;
    }

    /**
     * Counts the distinct bigrams of a span, and the known ones among them, in an open-addressing
     * table cleared by a generation stamp: one pass per span, no sort. Whether a bigram is known
     * is asked once per position, and only for positions inside a span counted (a span too long
     * to share the prompt's bigrams is sketched on its own), since each answer is a random read
     * of the index's bitmap.
     */
    private static final class DistinctCount {
        private static final byte UNASKED = 0;
        private static final byte UNKNOWN = 1;
        private static final byte KNOWN = 2;
        private final SpanFilter filter;
        private final byte[] known;
        private final int[] keys;
        private final int[] stamps;
        private final int shift;
        private int generation;

        DistinctCount(int elements, SpanFilter filter) {
            this.filter = filter;
            known = new byte[elements];
            int capacity = Integer.highestOneBit(Math.max(16, elements * 2 - 1)) << 1;
            keys = new int[capacity];
            stamps = new int[capacity];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
        }

        /** The filter's answer for the span of {@code bigrams[from, to)}. */
        boolean mayMatch(int[] bigrams, int from, int to) {
            int stamp = ++generation;
            int mask = keys.length - 1;
            int distinct = 0;
            int distinctKnown = 0;
            for (int i = from; i < to; i++) {
                int x = bigrams[i];
                int slot = (x * 0x9E3779B9) >>> shift;
                while (stamps[slot] == stamp && keys[slot] != x) {
                    slot = (slot + 1) & mask;
                }
                if (stamps[slot] != stamp) {
                    stamps[slot] = stamp;
                    keys[slot] = x;
                    distinct++;
                    if (known[i] == UNASKED) {
                        known[i] = filter.known(x) ? KNOWN : UNKNOWN;
                    }
                    if (known[i] == KNOWN) {
                        distinctKnown++;
                    }
                }
            }
            return filter.mayMatch(distinct, distinctKnown);
        }
    }
}
