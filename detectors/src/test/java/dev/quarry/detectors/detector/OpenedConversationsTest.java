package dev.quarry.detectors.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenedConversationsTest {
    private static final long HOUR = 3_600_000L;
    private static final long WARM_UP = 30 * 60_000L;

    @Test
    void aConversationOpenedHereContinuesWithoutBeingUnopened() {
        OpenedConversations c = new OpenedConversations();
        assertFalse(c.orphanStep(List.of(sys(), user("fix the failing build")), HOUR, WARM_UP));
        assertFalse(c.orphanStep(List.of(sys(), user("fix the failing build"), assistant("running tests"),
                tool("2 failed")), 2 * HOUR, WARM_UP));
        assertFalse(c.orphanStep(List.of(user("fix the failing build"), assistant("done"), user("now add a test")),
                3 * HOUR, WARM_UP));
    }

    @Test
    void aStepUnderAFirstMessageNeverSentIsUnopenedAfterTheWarmUp() {
        OpenedConversations c = new OpenedConversations();
        List<Message> step = List.of(sys(), user("migrate the orders table"), assistant("calling shell"), tool("ok"));
        assertFalse(c.orphanStep(List.of(user("hello there")), 0, WARM_UP));
        assertFalse(c.orphanStep(step, WARM_UP - 1, WARM_UP), "inside the warm-up");
        List<Message> other = List.of(sys(), user("upgrade the http client"), assistant("reading pom.xml"), tool("ok"));
        assertTrue(c.orphanStep(other, WARM_UP, WARM_UP));
        // sent again, it is still a task this client never sent as a new turn
        assertTrue(c.orphanStep(other, WARM_UP + 1, WARM_UP));
    }

    /** An app that keeps only the last turns of a long chat still opened every one of them here. */
    @Test
    void aChatWhoseOldTurnsAreTrimmedIsNotUnopened() {
        OpenedConversations c = new OpenedConversations();
        List<Message> history = new ArrayList<>();
        for (int turn = 0; turn < 12; turn++) {
            List<Message> request = new ArrayList<>(history);
            request.add(user("turn " + turn + " of the chat about sourdough"));
            assertFalse(c.orphanStep(request, HOUR + turn * 60_000L, WARM_UP), "turn " + turn);
            history.add(user("turn " + turn + " of the chat about sourdough"));
            history.add(assistant("reply " + turn));
            while (history.size() > 4) {
                history.remove(0);
            }
        }
    }

    /** A harness sending the same solved examples as chat turns before every new item: exemplars. */
    @Test
    void aFixedExemplarBlockBeforeEachNewItemIsNotUnopened() {
        OpenedConversations c = new OpenedConversations();
        List<Message> shots = List.of(user("Q: 2 + 3?"), assistant("2 + 3 = 5. #### 5"), user("Q: 4 x 2?"),
                assistant("4 x 2 = 8. #### 8"));
        int unopened = 0;
        for (int item = 0; item < 50; item++) {
            List<Message> request = new ArrayList<>(shots);
            request.add(user("Q: item " + item + " of the test split?"));
            unopened += c.orphanStep(request, HOUR + item * 1_000L, WARM_UP) ? 1 : 0;
        }
        assertTrue(unopened <= 1, "unopened " + unopened);
    }

    /** Recorded conversations of a dataset, each with its own earlier turns: every one is unopened. */
    @Test
    void differentRecordedConversationsUnderNewTurnsStayUnopened() {
        OpenedConversations c = new OpenedConversations();
        assertFalse(c.orphanStep(List.of(user("hello there")), 0, WARM_UP));
        int unopened = 0;
        for (int k = 0; k < 20; k++) {
            List<Message> request = List.of(user("recorded task " + k), assistant("recorded reply " + k),
                    user("recorded follow-up " + k));
            unopened += c.orphanStep(request, HOUR + k * 1_000L, WARM_UP) ? 1 : 0;
        }
        assertTrue(unopened == 20, "unopened " + unopened);
    }

    /** Many states of one task relabelled: the task never came as a new turn, so each step counts. */
    @Test
    void everyRelabelledStepOfATaskNeverSentAsANewTurnIsUnopened() {
        OpenedConversations c = new OpenedConversations();
        c.orphanStep(List.of(user("hello")), 0, WARM_UP);
        for (int step = 0; step < 20; step++) {
            assertTrue(c.orphanStep(List.of(sys(), user("add validation to the export endpoint"),
                    assistant("calling tool " + step), tool("result " + step)), HOUR + step, WARM_UP), "step " + step);
        }
    }

    /** A prefilled start of the answer after the new user turn is not history. */
    @Test
    void aPrefilledAnswerIsNotHistory() {
        OpenedConversations c = new OpenedConversations();
        c.orphanStep(List.of(user("hello")), 0, WARM_UP);
        assertFalse(c.orphanStep(List.of(sys(), user("list three colours as JSON"), assistant("{")), HOUR, WARM_UP));
        assertFalse(c.orphanStep(List.of(sys(), user("list three colours as JSON"), assistant("{\"colours\": []}"),
                tool("ok")), HOUR + 1, WARM_UP));
    }

    @Test
    void aSingleTurnRequestIsNeverUnopened() {
        OpenedConversations c = new OpenedConversations();
        for (int i = 0; i < 100; i++) {
            assertFalse(c.orphanStep(List.of(sys(), user("question " + i)), HOUR * i, WARM_UP));
        }
        assertFalse(c.orphanStep(null, 0, 0));
        assertFalse(c.orphanStep(List.of(sys(), assistant("no user turn"), tool("x")), HOUR * 200, WARM_UP));
    }

    @Test
    void remembersAtLeastOneGenerationOfConversations() {
        OpenedConversations c = new OpenedConversations();
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < OpenedConversations.GENERATION; i++) {
            opened.add("task number " + i);
            c.orphanStep(List.of(user(opened.get(i))), HOUR + i, WARM_UP);
        }
        int unopened = 0;
        for (String task : opened) {
            unopened += c.orphanStep(List.of(user(task), assistant("step"), tool("ok")), 2 * HOUR, WARM_UP) ? 1 : 0;
        }
        assertTrue(unopened == 0, "unopened " + unopened);
    }

    @Test
    void roundTripsToIdenticalBytes() throws IOException {
        OpenedConversations c = new OpenedConversations();
        for (int i = 0; i < 3000; i++) {
            c.orphanStep(List.of(user("task " + i), assistant("a"), tool("t")), HOUR * i, WARM_UP);
        }
        byte[] bytes = bytes(c);
        assertArrayEquals(bytes, bytes(OpenedConversations.read(new DataInputStream(new ByteArrayInputStream(bytes)))));
        assertTrue(bytes.length < 6_000, "bytes " + bytes.length);
    }

    private static byte[] bytes(OpenedConversations c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    private static Message sys() {
        return new Message("system", "You are an agent with tools.");
    }

    private static Message user(String s) {
        return new Message("user", s);
    }

    private static Message assistant(String s) {
        return new Message("assistant", s);
    }

    private static Message tool(String s) {
        return new Message("tool", s);
    }
}
