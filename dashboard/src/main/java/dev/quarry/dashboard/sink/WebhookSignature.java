package dev.quarry.dashboard.sink;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Quarry-Signature} header of a webhook: {@code t=<unix seconds>,v1=<hex>}, where
 * {@code v1} is the lower-case hex HMAC-SHA256, keyed with the sink's secret (its UTF-8 bytes), of
 * {@code "<t>.<body>"}. A receiver recomputes it over the raw body it got, compares in constant
 * time and refuses a {@code t} too far from its clock (replays). Immutable and thread-safe.
 */
public final class WebhookSignature {
    /** The header's name. */
    public static final String HEADER = "X-Quarry-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    private WebhookSignature(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** Signs with {@code secret}, which must not be empty. */
    public static WebhookSignature withSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        return new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The header's value for {@code body} sent at {@code unixSeconds}. */
    public String header(long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hex(unixSeconds, body);
    }

    /** The hex HMAC-SHA256 of {@code "<unixSeconds>.<body>"}. */
    public String hex(long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What a receiver does: whether {@code header} is a valid signature of {@code body} made
     * within {@code toleranceSeconds} of {@code nowSeconds}.
     */
    public boolean verify(String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (name.equals("v1")) {
                v1 = value;
            }
        }
        if (t == null || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(hex(t, body).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }
}
