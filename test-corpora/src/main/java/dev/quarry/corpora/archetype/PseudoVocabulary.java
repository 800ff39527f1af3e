package dev.quarry.corpora.archetype;

/**
 * A stand-in tokenizer vocabulary of {@value #SIZE} ids (the size class of cl100k-style BPE
 * vocabularies): stable ids for the few words the archetypes need, and a plausible surface form
 * for any id. Not a real tokenizer; the ids only have to be consistent within a corpus.
 */
final class PseudoVocabulary {
    static final int SIZE = 100_000;

    /** Ids below this are left to bytes, punctuation and special tokens. */
    private static final int FIRST_WORD_ID = 1_000;

    private static final String[] HEADS = {"th", "st", "pr", "an", "re", "co", "de", "in", "ex", "qu", "bl",
        "gr", "sh", "ma", "po", "ve", "li", "tr", "ch", "ob", "s", "m", "b", "w", "fl"};
    private static final String[] TAILS = {"e", "ing", "ed", "ion", "al", "er", "ly", "ent", "ous", "ize", "at",
        "or", "ic", "ine", "um", "ar", "est", "ure", "ive", "ate", "a", "o", "ight", "and", "ow"};

    private PseudoVocabulary() {}

    /** The id of a word-initial token for {@code word}; the same word always has the same id. */
    static int idOf(String word) {
        // String.hashCode is specified by the JLS, so ids are stable across JVMs and runs.
        return FIRST_WORD_ID + Math.floorMod((" " + word).hashCode() * 0x9E3779B1, SIZE - FIRST_WORD_ID);
    }

    /** A short, plausible surface form for token {@code id}. */
    static String text(int id) {
        String head = HEADS[id % HEADS.length];
        String tail = TAILS[(id / HEADS.length) % TAILS.length];
        return (id % 3 == 0 ? "" : " ") + head + tail;
    }
}
