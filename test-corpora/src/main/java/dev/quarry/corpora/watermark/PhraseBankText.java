package dev.quarry.corpora.watermark;

import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.corpora.text.CustomerTexts;
import dev.quarry.corpora.text.Documents;
import dev.quarry.corpora.text.StudyBank;
import dev.quarry.corpora.text.SupportTickets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training text of the seeded test language model: passages drawn from the generator's own
 * phrase banks (chat replies and questions on every topic, policy passages, homework, support
 * tickets, customer messages, code questions), so the model writes in the corpus's voice. A pure
 * function of the seed and the count; stateless and thread-safe.
 */
public final class PhraseBankText {

    private PhraseBankText() {}

    /** {@code n} passages drawn with {@code seed}. */
    public static List<String> passages(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        CustomerTexts.Task[] tasks = CustomerTexts.Task.values();
        for (int i = 0; i < n; i++) {
            ChatPhrases.Topic topic = ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount()));
            out.add(switch (i % 10) {
                case 0, 1, 2 -> ChatPhrases.reply(topic, rng) + " " + ChatPhrases.reply(topic, rng);
                case 3 -> ChatPhrases.opener(topic, rng);
                case 4 -> ChatPhrases.followUp(topic, rng);
                case 5 -> Documents.context(rng, 2).trim() + " " + Documents.question(rng);
                case 6 -> i % 20 == 6 ? StudyBank.homework(rng) : StudyBank.wordProblem(rng);
                case 7 -> SupportTickets.next(rng).body();
                case 8 -> CustomerTexts.next(tasks[rng.nextInt(tasks.length)], rng).text();
                default -> i % 20 == 9 ? CodeBank.question(rng) : StudyBank.examQuestion(rng);
            });
        }
        return out;
    }
}
