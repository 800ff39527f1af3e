package dev.quarry.detectors.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.detectors.WatermarkTraffic;
import dev.quarry.detectors.config.WatermarkConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkChecksTest {

    @Test
    void isOffWithoutAKey() {
        WatermarkConfig none = new WatermarkConfig();
        if (!none.configured()) {
            assertSame(WatermarkChecks.off(), WatermarkChecks.from(none));
        }
        assertFalse(WatermarkChecks.off().healthActive());
        assertFalse(WatermarkChecks.off().echoActive());
    }

    @Test
    void runsTheHealthMonitorButNoEchoDetectorWithoutATokenizer() {
        try (WatermarkChecks checks = WatermarkChecks.from(WatermarkTraffic.config())) {
            assertTrue(checks.healthActive());
            assertFalse(checks.echoActive());
        }
    }

    @Test
    void refusesToStartWithATokenizerPathThatIsNotThere(@TempDir Path dir) {
        WatermarkConfig c = WatermarkTraffic.config();
        c.tokenizer(dir.resolve("missing").toString());
        assertThrows(IllegalArgumentException.class, () -> WatermarkChecks.from(c));
    }

    @Test
    void neverShowsTheKeyInItsDescription() {
        WatermarkConfig c = WatermarkTraffic.config();
        try (WatermarkChecks checks = WatermarkChecks.of(c, WatermarkTraffic.tokenizer())) {
            assertFalse(checks.toString().toLowerCase().contains(WatermarkTraffic.KEY_HEX));
            assertFalse(c.toString().toLowerCase().contains(WatermarkTraffic.KEY_HEX));
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void stillLoadsAConfigurationThatSetsTheDeprecatedMinShare() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        WatermarkConfig c = mapper.readValue("{\"key\": \"" + WatermarkTraffic.KEY_HEX + "\", \"health\": {\"minShare\": 0.8}}",
                WatermarkConfig.class);
        assertEquals(0.8, c.health().minShare());
        try (WatermarkChecks checks = WatermarkChecks.from(c)) {
            assertTrue(checks.healthActive());
        }
    }
}
