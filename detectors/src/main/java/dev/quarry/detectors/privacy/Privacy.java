package dev.quarry.detectors.privacy;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.config.PrivacyConfig;
import dev.quarry.detectors.config.PrivacyConfig.PromptRetention;
import dev.quarry.ingest.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code privacy:} section applied: client ids replaced by their HMAC, and prompt text in
 * alerts' evidence kept in full, truncated or as a hash.
 *
 * <p>Client ids: {@code hex(HMAC-SHA256(secret, client_id))}, the secret and the id as UTF-8,
 * 64 lowercase hex digits. The same id gives the same pseudonym under the same secret, so per-client
 * state, alerts, suppressions and the page work on pseudonyms unchanged; only who holds the secret
 * can map a known key to its pseudonym ({@code bin/quarry client-id}), and nobody can map back.
 *
 * <p>Prompt text: the evidence entries that hold a client's text ({@link #PROMPT_KEYS}), strings
 * or lists of strings. {@code truncated} keeps the first {@code promptChars} characters and an
 * ellipsis, {@code hashed} keeps {@code sha256:} and the hex SHA-256 of the UTF-8 text. Both are
 * idempotent, so an alert may pass through {@link #redact} more than once (the topology and the
 * alert service both apply it).
 *
 * <p>Immutable and thread-safe; the secret is never logged and {@link #toString()} leaves it out.
 */
public final class Privacy {
    /** Evidence keys whose values are a client's prompt text (or a template of it). */
    public static final Set<String> PROMPT_KEYS = Set.of("latest_prompt", "template", "latest_near_duplicate",
            "latest_instruction", "sample", "sample_template");
    private static final String HMAC = "HmacSHA256";
    private static final String HASH_PREFIX = "sha256:";
    private static final Pattern HASHED = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final PromptRetention prompts;
    private final int promptChars;

    private Privacy(String secret, PromptRetention prompts, int promptChars) {
        this.key = secret == null || secret.isEmpty() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.macs = key == null ? null : ThreadLocal.withInitial(this::newMac);
        this.prompts = prompts;
        this.promptChars = promptChars;
        if (key != null) {
            newMac(); // fail at start-up, not on the first event
        }
    }

    /** The section's settings. */
    public static Privacy of(PrivacyConfig config) {
        return new Privacy(config.clientIdHmacSecret(), config.prompts(), config.promptChars());
    }

    /** Client ids and prompt text kept as they are. */
    public static Privacy none() {
        return new Privacy("", PromptRetention.FULL, PrivacyConfig.DEFAULT_PROMPT_CHARS);
    }

    /** Whether client ids are replaced by their HMAC. */
    public boolean pseudonymising() {
        return key != null;
    }

    /** Whether {@link #redact} changes anything. */
    public boolean redactingPrompts() {
        return prompts != PromptRetention.FULL;
    }

    /** The pseudonym of a client id; the id itself when no secret is set. */
    public String clientId(String clientId) {
        if (key == null) {
            return clientId;
        }
        return HEX.formatHex(macs.get().doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
    }

    /** The event with its client id replaced by the pseudonym; the event itself when no secret is set. */
    public InferenceEvent pseudonymise(InferenceEvent e) {
        if (key == null) {
            return e;
        }
        return new InferenceEvent(e.eventId(), e.tsMillis(), clientId(e.clientId()), e.orgId(), e.ip(), e.userAgent(),
                e.tlsFingerprint(), e.paymentFingerprint(), e.endpoint(), e.model(), e.request(), e.response(),
                e.extensions());
    }

    /** The alert with the prompt text of its evidence kept as configured. */
    public Alert redact(Alert alert) {
        if (!redactingPrompts()) {
            return alert;
        }
        List<DetectorFinding> findings = new ArrayList<>(alert.detectors().size());
        for (DetectorFinding f : alert.detectors()) {
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            for (String k : PROMPT_KEYS) {
                evidence.computeIfPresent(k, (name, value) -> redactValue(value));
            }
            findings.add(new DetectorFinding(f.name(), f.group(), f.score(), evidence));
        }
        return new Alert(alert.alertId(), alert.version(), alert.ts(), alert.firstTs(), alert.subject(), alert.severity(),
                alert.score(), findings, alert.triggerEventId(), alert.eventsSeen(), alert.summary(), alert.suppressed(),
                alert.suppressedMembers());
    }

    /** One prompt text as configured. */
    public String redact(String text) {
        return switch (prompts) {
            case FULL -> text;
            case TRUNCATED -> truncate(text);
            case HASHED -> HASHED.matcher(text).matches() ? text : HASH_PREFIX + HEX.formatHex(sha256(text));
        };
    }

    private Object redactValue(Object value) {
        if (value instanceof String s) {
            return redact(s);
        }
        if (value instanceof List<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i instanceof String s ? redact(s) : i));
            return out;
        }
        return value;
    }

    private String truncate(String text) {
        if (text.length() <= promptChars) {
            return text;
        }
        int end = promptChars;
        if (Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        // Idempotent: the first promptChars chars of the result are the same cut, followed by "…".
        return text.substring(0, end) + "…";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Privacy{clientIds=" + (key == null ? "kept" : "hmac-sha256") + ", prompts=" + prompts.wireName()
                + ", promptChars=" + promptChars + "}";
    }
}
