package dev.quarry.corpora.watermark;

import dev.quarry.fingerprint.tokenizer.WordHashEncoder;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The word-level vocabulary of the seeded test language model: the distinct lower-cased
 * whitespace words of its training text, in sorted order (index {@code 0..size()-1}), each with
 * the stable token id {@link WordHashEncoder#idOf} gives it. Because the ids are that hash,
 * {@code bin/quarry fingerprint} scores the model's detokenised text ({@code text} lines) exactly
 * as it scores its {@code token_ids}. Immutable and thread-safe.
 */
public final class WordVocabulary {
    private final String[] words;
    private final int[] ids;
    private final Map<String, Integer> indexOf;

    private WordVocabulary(String[] words) {
        this.words = words;
        this.ids = new int[words.length];
        this.indexOf = new HashMap<>(words.length * 2);
        Map<Integer, String> byId = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++) {
            ids[i] = WordHashEncoder.idOf(words[i]);
            String clash = byId.put(ids[i], words[i]);
            if (clash != null) {
                throw new IllegalStateException("token id collision: '" + clash + "' and '" + words[i] + "'");
            }
            indexOf.put(words[i], i);
        }
    }

    /**
     * The vocabulary of the words of {@code texts} that occur at least {@code minCount} times
     * (2 drops the one-off ticket numbers and error codes of the banks).
     */
    public static WordVocabulary of(Collection<String> texts, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (String t : texts) {
            for (String w : split(t)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        TreeSet<String> kept = new TreeSet<>();
        counts.forEach((w, n) -> {
            if (n >= minCount && !w.isEmpty()) {
                kept.add(w);
            }
        });
        return new WordVocabulary(kept.toArray(String[]::new));
    }

    static String[] split(String text) {
        return text.toLowerCase(Locale.ROOT).trim().split("\\s+");
    }

    public int size() {
        return words.length;
    }

    public String word(int index) {
        return words[index];
    }

    /** The token id of the word at {@code index}. */
    public int id(int index) {
        return ids[index];
    }

    /** The indices of the known words of {@code text}; unknown words are left out. */
    public int[] indices(String text) {
        String[] parts = split(text);
        int[] out = new int[parts.length];
        int n = 0;
        for (String p : parts) {
            Integer i = indexOf.get(p);
            if (i != null) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The token ids of a sequence of indices. */
    public int[] ids(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = ids[indices[i]];
        }
        return out;
    }

    /** The words of a sequence of indices, joined by single spaces. */
    public String text(int[] indices) {
        StringBuilder sb = new StringBuilder(indices.length * 6);
        for (int i = 0; i < indices.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(words[indices[i]]);
        }
        return sb.toString();
    }
}
