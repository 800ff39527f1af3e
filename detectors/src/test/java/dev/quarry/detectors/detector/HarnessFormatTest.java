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
}
