package dev.quarry.dashboard.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.ParseResult;
import dev.quarry.ingest.RecordFormats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorPartsTest {

    @Test
    void pendingRecordsRefuseABatchThatWouldPassTheLimitButLetALoneBigBatchThrough() {
        PendingRecords pending = new PendingRecords(10);
        assertTrue(pending.tryReserve(8));
        assertFalse(pending.tryReserve(3), "8 + 3 > 10");
        assertTrue(pending.tryReserve(2));
        pending.release(10);
        assertEquals(0, pending.get());
        assertTrue(pending.tryReserve(25), "nothing pending: a batch over the limit still goes");
        assertFalse(pending.tryReserve(1));
        pending.release(25);
        assertTrue(pending.tryReserve(1));
    }

    @Test
    void aContractBatchParsesEachLineAndNamesTheBrokenOnesByLine() throws Exception {
        String valid = Files.readAllLines(Path.of("..", "ingest", "src", "test", "resources", "contract", "valid.jsonl")).get(0);
        String body = valid + "\r\n\n   \n{\"event_id\": 5}\n" + valid;
        BodyDecoder.Decoded d = new FormatBodies(RecordFormats.defaults()).decode("contract", "application/x-ndjson",
                body.getBytes(StandardCharsets.UTF_8), "collector:t:contract:r1");
        List<ParseResult> r = d.results();
        assertEquals(3, r.size(), "blank lines are not records");
        assertInstanceOf(ParseResult.Valid.class, r.get(0), r.get(0)::toString);
        ParseResult.Invalid bad = assertInstanceOf(ParseResult.Invalid.class, r.get(1));
        assertEquals("collector:t:contract:r1:4", bad.deadLetter().source());
        assertInstanceOf(ParseResult.Valid.class, r.get(2));
        assertEquals(0, d.skipped());
    }

    @Test
    void aLiteLlmCallOfAnotherTypeIsSkippedNotDeadLettered() {
        String speech = "{\"id\": \"x1\", \"call_type\": \"speech\", \"startTime\": 1760000000.5, \"endTime\": 1760000001.0,"
                + " \"model\": \"tts-1\", \"metadata\": {\"user_api_key_hash\": \"k1\"}, \"status\": \"success\"}";
        BodyDecoder.Decoded d = new FormatBodies(RecordFormats.defaults()).decode("litellm", "application/x-ndjson",
                speech.getBytes(StandardCharsets.UTF_8), "collector:t:litellm:r2");
        assertEquals(0, d.results().size(), d.results()::toString);
        assertEquals(1, d.skipped());
    }

    @Test
    void thePartialSuccessResponseIsTheProtobufEncodingOfItsTwoFields() {
        byte[] b = OtlpResponses.partialSuccess(300, "x");
        // field 1 (message, 6 bytes): field 1 varint 300 = ac 02, field 2 string "x"
        assertArrayEquals(new byte[] {0x0a, 6, 0x08, (byte) 0xac, 0x02, 0x12, 1, 'x'}, b);
    }
}
