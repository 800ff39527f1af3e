package dev.quarry.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test fixtures bundled under {@code src/test/resources}. */
final class Fixtures {
    private Fixtures() {}

    /** The lines of a bundled resource, e.g. {@code "contract/valid.jsonl"}. */
    static List<String> lines(String resource) {
        return List.of(text(resource).split("\n"));
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static InferenceEvent valid(ParseResult result) {
        if (result instanceof ParseResult.Valid) {
            return ((ParseResult.Valid) result).event();
        }
        throw new AssertionError("expected a valid event, got: " + result);
    }

    static DeadLetter invalid(ParseResult result) {
        if (result instanceof ParseResult.Invalid) {
            return ((ParseResult.Invalid) result).deadLetter();
        }
        throw new AssertionError("expected an invalid record, got: " + result);
    }
}
