package dev.quarry.corpora.archetype;

import dev.quarry.ingest.Message;
import java.util.List;

/**
 * Token counts estimated from text length. BPE vocabularies of about 100k entries average close to
 * four characters of English per token; the chat format adds a few tokens per message.
 */
final class Tokens {
    private static final int CHARS_PER_TOKEN = 4;
    private static final int PER_MESSAGE_OVERHEAD = 4;

    private Tokens() {}

    static int of(String text) {
        return Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    static int of(List<Message> messages) {
        int n = 3;
        for (Message m : messages) {
            n += of(m.content()) + PER_MESSAGE_OVERHEAD;
        }
        return n;
    }
}
