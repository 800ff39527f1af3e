package dev.quarry.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFormatsTest {
    private final RecordFormats formats = RecordFormats.defaults();

    @Test
    void detectsEachFormatFromAFilesFirstRecords(@TempDir Path dir) throws Exception {
        assertEquals("litellm", formats.detect(copy(dir, "formats/litellm.jsonl")).name());
        assertEquals("openai", formats.detect(copy(dir, "formats/openai.jsonl")).name());
        assertEquals("otlp-json", formats.detect(copy(dir, "formats/otlp.jsonl")).name());
        assertEquals("contract", formats.detect(copy(dir, "contract/valid.jsonl")).name());
    }

    @Test
    void detectsTheContractInAFileOfBrokenContractLines(@TempDir Path dir) throws Exception {
        assertEquals("contract", formats.detect(copy(dir, "contract/invalid.jsonl")).name());
        Path garbage = Files.writeString(dir.resolve("garbage.jsonl"), "not json\n[1,2]\n");
        assertEquals("contract", formats.detect(garbage).name());
    }

    @Test
    void namesTheKnownFormatsForAnUnknownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> formats.get("helicone"));
        assertEquals("unknown format 'helicone': known are contract, litellm, otlp, otlp-json, openai", e.getMessage());
    }

    @Test
    void parsesAnNdjsonBodyLineByLineWithLineSources() {
        String body = Fixtures.lines("formats/litellm.jsonl").get(0) + "\r\n\n" + "{broken\n"
                + Fixtures.lines("formats/litellm.jsonl").get(2) + "\n";
        List<ParseResult> results = formats.parseBody("litellm", body.getBytes(StandardCharsets.UTF_8), "POST /ingest/litellm");
        assertEquals(3, results.size(), results::toString);
        assertInstanceOf(ParseResult.Valid.class, results.get(0));
        assertEquals("POST /ingest/litellm:3", assertInstanceOf(ParseResult.Invalid.class, results.get(1)).deadLetter().source());
        assertEquals("POST /ingest/litellm:4", assertInstanceOf(ParseResult.Skipped.class, results.get(2)).source());
    }

    @Test
    void parsesAnOtlpBodyAsOneRequest() {
        byte[] body = Fixtures.lines("formats/otlp.jsonl").get(0).getBytes(StandardCharsets.UTF_8);
        assertEquals(3, formats.parseBody("otlp", body, "POST /v1/traces").size());
    }

    @Test
    void replaysFilesOfDifferentFormatsInEventTimeOrderCountingSkips(@TempDir Path dir) throws Exception {
        Path litellm = copy(dir, "formats/litellm.jsonl");
        Path otlp = copy(dir, "formats/otlp.jsonl");
        List<String> ids = new ArrayList<>();
        try (ReplaySource source = new ReplaySource(List.of(litellm, otlp),
                List.of(formats.get("litellm"), formats.detect(otlp)))) {
            while (source.hasNext()) {
                ReplayRecord r = source.next();
                assertTrue(r.isValid(), r::toString);
                ids.add(Fixtures.valid(r.result()).eventId() + " " + r.format());
            }
            assertEquals(2, source.skipped(), "the image generation and the health-check span");
        }
        assertEquals(List.of("chatcmpl-7a1 litellm", "5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174 otlp-json",
                "emb-9#0 litellm", "emb-9#1 litellm", "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331 otlp-json",
                "fail-1 litellm"), ids);
    }

    private static Path copy(Path dir, String resource) throws Exception {
        Path p = dir.resolve(resource.replace('/', '-'));
        Files.write(p, Fixtures.bytes(resource));
        return p;
    }
}
