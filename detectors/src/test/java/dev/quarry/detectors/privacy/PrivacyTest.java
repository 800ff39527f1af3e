package dev.quarry.detectors.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.EvidenceGroup;
import dev.quarry.detectors.alert.Severity;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.PrivacyConfig;
import dev.quarry.detectors.config.PrivacyConfig.PromptRetention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacyTest {
    private static final String SECRET = "0123456789abcdef-secret";

    private static Privacy prompts(PromptRetention mode, int chars) {
        return Privacy.of(new PrivacyConfig().prompts(mode).promptChars(chars));
    }

    private static Alert templatedAlert(String prompt) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("template", "Tell me about {}");
        evidence.put("latest_prompt", prompt);
        evidence.put("prompts", 120);
        return new Alert("a1", 1, 1_000L, 1_000L, Subject.client("k1"), Severity.MEDIUM, 0.6,
                List.of(new DetectorFinding("templated_queries", EvidenceGroup.TEMPLATES, 0.6, evidence)), "e1", 120,
                "templated queries");
    }

    private static Map<String, Object> evidence(Alert a) {
        return a.detectors().get(0).evidence();
    }

    @Test
    void clientIdIsTheHexHmacSha256OfTheIdUnderTheSecret() {
        // printf %s key_7f3a | openssl dgst -sha256 -hmac 0123456789abcdef-secret
        Privacy privacy = Privacy.of(new PrivacyConfig().clientIdHmacSecret(SECRET));
        assertEquals("2d3bb745db8aa3166635baedbb9a313a4c65e84235d8e2782ef4772a1e55327f", privacy.clientId("key_7f3a"));
        assertEquals(privacy.clientId("key_7f3a"), privacy.clientId("key_7f3a"));
        assertNotEquals(privacy.clientId("key_7f3a"), privacy.clientId("key_7f3b"));
        assertNotEquals(privacy.clientId("key_7f3a"),
                Privacy.of(new PrivacyConfig().clientIdHmacSecret(SECRET + "x")).clientId("key_7f3a"));
    }

    @Test
    void withoutASecretClientIdsAreKept() {
        assertFalse(Privacy.none().pseudonymising());
        assertEquals("key_7f3a", Privacy.none().clientId("key_7f3a"));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertFalse(Privacy.of(new PrivacyConfig().clientIdHmacSecret(SECRET)).toString().contains(SECRET));
        assertFalse(new PrivacyConfig().clientIdHmacSecret(SECRET).toString().contains(SECRET));
    }

    @Test
    void fullKeepsPromptText() {
        Alert a = templatedAlert("Tell me about cats");
        assertEquals(a, prompts(PromptRetention.FULL, 8).redact(a));
    }

    @Test
    void truncatedKeepsTheFirstCharactersAndIsIdempotent() {
        Privacy privacy = prompts(PromptRetention.TRUNCATED, 8);
        Alert once = privacy.redact(templatedAlert("Tell me about cats"));
        assertEquals("Tell me …", evidence(once).get("latest_prompt"));
        assertEquals("Tell me …", evidence(once).get("template"));
        assertEquals(120, evidence(once).get("prompts"));
        assertEquals(once, privacy.redact(once));
        assertEquals("short", privacy.redact("short"));
        assertEquals("abcdefg…", privacy.redact("abcdefg\uD83D\uDE00xyz"), "a surrogate pair is never split");
    }

    @Test
    void hashedKeepsOnlyTheSha256AndIsIdempotent() {
        Privacy privacy = prompts(PromptRetention.HASHED, 8);
        Alert once = privacy.redact(templatedAlert("Tell me about cats"));
        // printf %s 'Tell me about cats' | sha256sum
        assertEquals("sha256:59bad760b7cf33e0cdc97f06a797f94fda4f594b36444dc22845b0681e7599dc",
                evidence(once).get("latest_prompt"));
        assertTrue(String.valueOf(evidence(once).get("template")).startsWith("sha256:"));
        assertEquals(once, privacy.redact(once));
        assertFalse(once.toString().contains("cats"));
    }
}
