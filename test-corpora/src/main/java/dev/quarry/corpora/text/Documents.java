package dev.quarry.corpora.text;

import java.util.SplittableRandom;

/**
 * Built-in passages for retrieval-augmented generation, written for this project: internal
 * policy, product and help-centre text stitched from sentence parts, so a RAG request can carry a
 * few thousand tokens of retrieved context. Stateless and thread-safe.
 */
public final class Documents {
    private static final String[] SUBJECTS = {"Employees", "Contractors", "Customers on the Business plan",
        "Managers", "New hires", "Support agents", "Customers in the EU", "Administrators"};
    private static final String[] RULES = {"must submit expense reports within 30 days of purchase",
        "may carry over up to five days of unused leave", "are entitled to a refund within 14 days",
        "must enable two-factor authentication", "can request a data export from the settings page",
        "should escalate outages to the on-call engineer", "must complete security training every year",
        "can work remotely up to three days a week", "receive invoices on the first business day of the month"};
    private static final String[] QUALIFIERS = {"unless a director approves an exception",
        "as described in section {n}", "except during the year-end freeze", "subject to local law",
        "provided the request is made in writing", "from the date of the policy update"};
    private static final String[] QUESTIONS = {"How many days of leave can I carry over?",
        "What is the refund window?", "Who approves exceptions to the expense policy?",
        "Do contractors need security training?", "When are invoices sent?", "How do I export my data?",
        "Can I work from home on Fridays?", "What do I do during an outage?"};

    private Documents() {}

    /** About {@code sentences} sentences of retrieved context, as numbered passages. */
    public static String context(SplittableRandom rng, int sentences) {
        StringBuilder sb = new StringBuilder(sentences * 110);
        for (int i = 0; i < sentences; i++) {
            if (i % 6 == 0) {
                sb.append("\n[Passage ").append(i / 6 + 1).append(", doc ").append(1000 + rng.nextInt(9000))
                        .append("]\n");
            }
            sb.append(SUBJECTS[rng.nextInt(SUBJECTS.length)]).append(' ').append(RULES[rng.nextInt(RULES.length)])
                    .append(", ").append(QUALIFIERS[rng.nextInt(QUALIFIERS.length)]
                            .replace("{n}", (1 + rng.nextInt(9)) + "." + (1 + rng.nextInt(9))))
                    .append(". ");
        }
        return sb.toString();
    }

    /** An end user's question about the documents. */
    public static String question(SplittableRandom rng) {
        return QUESTIONS[rng.nextInt(QUESTIONS.length)];
    }
}
