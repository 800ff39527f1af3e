package dev.quarry.corpora.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChatPhrasesTest {

    @Test
    void hasAtLeastFortyOpenersAcrossAtLeastFifteenTopics() {
        int openers = ChatPhrases.topics().stream().mapToInt(t -> t.openers().size()).sum();
        assertTrue(ChatPhrases.topicCount() >= 15);
        assertTrue(openers >= 40, openers + " openers");
    }

    @Test
    void openersRarelyRepeat() {
        SplittableRandom rng = new SplittableRandom(3);
        Set<String> seen = new HashSet<>();
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            seen.add(ChatPhrases.opener(ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount())), rng));
        }
        assertTrue(seen.size() > 0.95 * n, seen.size() + " of " + n);
    }

    @Test
    void repliesStartSentencesWithCapitals() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            String reply = ChatPhrases.reply(ChatPhrases.topic(i % ChatPhrases.topicCount()), rng);
            assertTrue(!reply.matches("(?s).*[.!?] [a-z].*"), reply);
        }
    }
}
