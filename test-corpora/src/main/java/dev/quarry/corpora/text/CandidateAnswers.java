package dev.quarry.corpora.text;

import java.util.SplittableRandom;

/**
 * Stand-in answers written by some model to a task: the candidates a grading or preference request
 * carries when no public model outputs are at hand. Each answer restates the task, adds a few body
 * sentences of varying quality and length, and sometimes a closing line, so two candidates to one
 * task differ the way two models' answers do. Written for Quarry. Stateless and thread-safe.
 */
public final class CandidateAnswers {
    private static final Grammar G = Grammar.builder()
            .slot("open", "Sure! ", "Here is an answer. ", "", "Great question. ", "Certainly. ", "Of course! ",
                    "Let's take this step by step. ", "In short: ")
            .slot("body", "The key point is that {claim}. ", "First, {claim}. ", "A common mistake is to assume "
                            + "that {claim}, but the evidence is mixed. ", "For example, {claim}. ",
                    "In practice, {claim}, which matters for most readers. ", "Note that {claim}. ",
                    "Second, {claim}; this is often overlooked. ", "To summarise, {claim}. ",
                    "One could argue that {claim}, although this depends on context. ")
            .slot("claim", "the main factor is the cost of the initial setup", "results depend on the sample size",
                    "the simplest solution is usually the most robust", "timing matters more than volume",
                    "the answer is 42 after simplifying both sides", "the loop runs in linear time",
                    "the author uses irony to criticise society", "the function should validate its input first",
                    "the two approaches converge for large inputs", "a table makes the comparison clearer",
                    "the historical context explains the decision", "the risk is lower than it appears",
                    "you should check the units before computing", "the second option saves about 20 percent",
                    "a short paragraph is easier to read than a list", "the premise of the question is partly wrong")
            .slot("close", "", "", "I hope this helps!", "Let me know if you want more detail.",
                    "Final answer: see above.", "In conclusion, both views have merit.")
            .build();

    private CandidateAnswers() {}

    /** An answer to {@code task} of about {@code sentences} body sentences. */
    public static String answer(String task, int sentences, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(80 + sentences * 80);
        sb.append(G.pick("open", rng));
        String flat = task.replace('\n', ' ');
        sb.append("Regarding \"").append(flat.length() > 80 ? Cuts.prefix(flat, 80) + "..." : flat).append("\": ");
        for (int i = 0; i < sentences; i++) {
            sb.append(G.pick("body", rng));
        }
        sb.append(G.pick("close", rng));
        return sb.toString().strip();
    }
}
