package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceRequest;
import org.junit.jupiter.api.Test;

class HarnessFormatTest {
    private static InferenceRequest user(String text) {
        return EventBuilder.event("e").client("c").user(text).build().request();
    }

    @Test
    void seesExemplarsUnderTheSameLabelAsTheItem() {
        String prompt = "Question: Ann has 3 apples and buys 2 more. How many?\nAnswer: 3 + 2 = 5. The answer is 5.\n\n"
                + "Question: A box holds 4 pens. How many pens in 3 boxes?\nAnswer: 4 x 3 = 12. The answer is 12.\n\n"
                + "Question: Tim reads 10 pages a day. How many in a week?\nAnswer:";
        assertTrue(HarnessFormat.fewShot(user(prompt), 3));
    }

    @Test
    void seesAMultipleChoiceFewShotPromptByItsAnswerLines() {
        StringBuilder prompt = new StringBuilder("The following are multiple choice questions about biology.\n\n");
        for (int k = 0; k < 3; k++) {
            prompt.append("Which organelle makes ATP?\nA. nucleus\nB. mitochondrion\nC. ribosome\nD. vacuole\n")
                    .append("ANSWER: B\n\n");
        }
        prompt.append("Which molecule carries amino acids?\nA. mRNA\nB. tRNA\nC. DNA\nD. rRNA\nAnswer:");
        assertTrue(HarnessFormat.fewShot(user(prompt.toString()), 3));
    }

    @Test
    void doesNotSeeOneLabelledItemOrPlainProse() {
        assertFalse(HarnessFormat.fewShot(user("Question: Ann has 3 apples and buys 2 more. How many?\nAnswer:"), 3));
        assertFalse(HarnessFormat.fewShot(user("Solve this: a train leaves at 3 pm.\nIt travels at 80 km/h.\n"
                + "When does it arrive: before or after 5?"), 3));
        assertFalse(HarnessFormat.fewShot(user("Note: one\nhttp://example.org/a\nhttp://example.org/b\nhttp://x.y/c"), 3));
    }

    @Test
    void seesAFollowUpButNotASystemPromptAndOneQuestion() {
        InferenceRequest followUp = EventBuilder.event("e").client("c").system("You are a tutor.")
                .user("What is 12 x 7?").assistant("12 x 7 = 84.").user("I don't understand step 2").build().request();
        InferenceRequest single = EventBuilder.event("e").client("c").system("You are a tutor.")
                .user("What is 12 x 7?").build().request();
        assertTrue(HarnessFormat.continues(followUp));
        assertFalse(HarnessFormat.continues(single));
    }

    @Test
    void seesAnAnswerSlotAtEitherEdgeOfThePrompt() {
        String item = "A shop sells 12 eggs a box. How many eggs are in 7 boxes?";
        assertTrue(HarnessFormat.answerSlot(user("Reason it through. Close with a line 'Answer: $NUMBER'.\n\n" + item)));
        assertTrue(HarnessFormat.answerSlot(user(item + "\nState the final number after ####.")));
        assertTrue(HarnessFormat.answerSlot(user(item + "\nGive the result inside \\boxed{}.")));
        assertTrue(HarnessFormat.answerSlot(user("Pick one option.\nWhich gas do plants absorb?\nA. O2\nB. CO2\n"
                + "C. N2\nD. He\nReply as ANSWER: X")));
        String longItem = item + " " + "Some filler context about the shop. ".repeat(60);
        assertTrue(HarnessFormat.answerSlot(user(longItem + "\nFormat: answer = <int>")));
    }

    /** A quoted answer label names the line a scorer parses (simple-evals' MGSM template). */
    @Test
    void seesAQuotedAnswerLabelAsASlot() {
        String item = "A shop sells 12 eggs a box. How many eggs are in 7 boxes?";
        assertTrue(HarnessFormat.answerSlot(user("Work through it, then put only the number on the last line, "
                + "in the form \"Answer:\".\n\n" + item)));
        assertTrue(HarnessFormat.answerSlot(user(item + "\nNothing but the integer may follow 'ANSWER:'.")));
        assertFalse(HarnessFormat.answerSlot(user(item + "\nI think the \"answer\" is obvious: explain it fully.")));
        assertFalse(HarnessFormat.answerSlot(user("Quote me the answer: \"it depends\" is not enough.")));
    }

    @Test
    void doesNotSeeASlotInAWorkedAnswerRequestOrOrdinaryText() {
        assertFalse(HarnessFormat.answerSlot(user("A shop sells 12 eggs a box. How many eggs in 7 boxes?\n\n"
                + "Let's think step by step and show every intermediate step, then the final answer.")));
        assertFalse(HarnessFormat.answerSlot(user("Which gas do plants absorb?\nA. O2\nB. CO2\nAnswer:\n\n"
                + "Explain your reasoning in detail.")));
        assertFalse(HarnessFormat.answerSlot(user("What's the answer to life? My answer: forty-two, obviously.")));
        assertFalse(HarnessFormat.answerSlot(user("Write a haiku about #hashtags and ### headings")));
    }

    @Test
    void scanBeforeThePatternRulesOutOnlyTextThePatternWouldNotMatch() {
        java.util.regex.Pattern slot = HarnessFormat.SLOT;
        String[] pieces = {"Answer: $X", "ANSWER= B", "answer: {n}", "'Answer:'", "####", "###", "\\boxed{1}",
                "\\box", "answe", "nswer: A", "The answer is 4.", "Answer : [n]", "aNsWeR:<x>", "plain words"};
        for (String a : pieces) {
            for (String b : pieces) {
                String text = a + " then " + b;
                boolean expected = slot.matcher(text).find();
                assertTrue(!expected || HarnessFormat.mayHoldSlot(text, 0, text.length()), text);
                for (int cut = 0; cut <= text.length(); cut++) {
                    boolean inHead = slot.matcher(text).region(0, cut).find();
                    assertTrue(!inHead || HarnessFormat.mayHoldSlot(text, 0, cut), text + " cut at " + cut);
                    boolean inTail = slot.matcher(text).region(cut, text.length()).find();
                    assertTrue(!inTail || HarnessFormat.mayHoldSlot(text, cut, text.length()), text + " from " + cut);
                }
            }
        }
        assertFalse(HarnessFormat.mayHoldSlot("Summarise this article in three bullet points.", 0, 46));
    }
}
