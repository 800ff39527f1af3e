package dev.quarry.fingerprint.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniLM {@code tokenizer.json} (BERT uncased WordPiece) on the class path stands in for a serving model's. */
class HuggingFaceTokenIdsTest {
    private static final String RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private static HuggingFaceTokenIds fromResource() throws Exception {
        try (InputStream in = HuggingFaceTokenIdsTest.class.getResourceAsStream(RESOURCE)) {
            return HuggingFaceTokenIds.load(in);
        }
    }

    @Test
    void encodesTheTextAloneWithoutSpecialTokens() throws Exception {
        try (HuggingFaceTokenIds t = fromResource()) {
            // BERT uncased: hello = 7592, world = 2088; no [CLS] 101 or [SEP] 102 around them
            assertArrayEquals(new int[] {7592, 2088}, t.encode("Hello world"));
            assertEquals(0, t.encode("").length);
        }
    }

    @Test
    void loadsALocalFileOrADirectoryHoldingOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        try (InputStream in = HuggingFaceTokenIdsTest.class.getResourceAsStream(RESOURCE)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (HuggingFaceTokenIds byFile = HuggingFaceTokenIds.load(file);
                HuggingFaceTokenIds byDir = HuggingFaceTokenIds.load(dir);
                HuggingFaceTokenIds byStream = fromResource()) {
            String text = "A long, unremarkable sentence about tokenizers and watermarks.";
            assertArrayEquals(byStream.encode(text), byFile.encode(text));
            assertArrayEquals(byStream.encode(text), byDir.encode(text));
        }
    }

    @Test
    void refusesAMissingFileInsteadOfDownloading(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> HuggingFaceTokenIds.load(dir.resolve("gpt2")));
    }
}
