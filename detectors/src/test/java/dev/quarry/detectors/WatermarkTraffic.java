package dev.quarry.detectors;

import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.tokenizer.Tokenizer;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Crafted token streams for the watermark checks: sequences a watermarking sampler would write
 * (each token drawn green with a high probability, as a logit bias on the green list does) and
 * plain ones, and a test tokenizer whose text is the ids themselves ("t17 t4096 ..."), so a
 * prompt's tokens are exactly the ones crafted. Deterministic.
 */
public final class WatermarkTraffic {
    /** The test key; tests assert it never shows up in an alert. */
    public static final String KEY_HEX = "5eedc0ffee15900d";
    public static final int VOCAB = 50_000;
    /** Share of tokens a watermarking sampler makes green (gamma 0.25, bias about 2). */
    public static final double GREEN_SHARE = 0.7;

    private WatermarkTraffic() {}

    /** A watermark configuration with the test key and the default thresholds. */
    public static WatermarkConfig config() {
        WatermarkConfig c = new WatermarkConfig();
        c.key(KEY_HEX);
        return c;
    }

    public static GreenListScheme scheme(WatermarkConfig c) {
        return new GreenListScheme(c.secretKey(), c.gamma());
    }

    /** {@code n} tokens, each green after its predecessor with probability {@link #GREEN_SHARE}. */
    public static int[] watermarked(GreenListScheme scheme, int n, Random rnd) {
        int[] out = new int[n];
        out[0] = rnd.nextInt(VOCAB);
        for (int i = 1; i < n; i++) {
            boolean wantGreen = rnd.nextDouble() < GREEN_SHARE;
            int t;
            do {
                t = rnd.nextInt(VOCAB);
            } while (scheme.isGreen(out[i - 1], t) != wantGreen);
            out[i] = t;
        }
        return out;
    }

    /** {@code n} tokens drawn without regard to the green list. */
    public static int[] plain(int n, Random rnd) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextInt(VOCAB);
        }
        return out;
    }

    /** The text {@link #tokenizer()} turns back into {@code ids}. */
    public static String text(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length * 6);
        for (int id : ids) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('t').append(id);
        }
        return sb.toString();
    }

    /** Reads "t<id>" words as token ids; other words are skipped. */
    public static Tokenizer tokenizer() {
        return new Tokenizer() {
            @Override
            public String name() {
                return "t-ids";
            }

            @Override
            public int[] encode(String text) {
                List<Integer> ids = new ArrayList<>();
                for (String w : text.split("\\s+")) {
                    if (w.length() > 1 && w.charAt(0) == 't' && w.substring(1).chars().allMatch(Character::isDigit)) {
                        ids.add(Integer.parseInt(w.substring(1)));
                    }
                }
                return ids.stream().mapToInt(Integer::intValue).toArray();
            }
        };
    }

    /** One chat event from {@code client} with user text {@code text}, {@code i} minutes after T0. */
    public static InferenceEvent prompt(String client, int i, String text) {
        return EventBuilder.event(client + "-" + i).client(client).at(Traffic.T0.plus(Duration.ofMinutes(i)))
                .user(text).maxTokens(512).build();
    }

    /** One response of {@code model} with the given token ids, {@code i} seconds after T0. */
    public static InferenceEvent response(String model, String client, int i, int[] tokenIds) {
        return EventBuilder.event(model + "-" + client + "-" + i).client(client).model(model)
                .at(Traffic.T0.plus(Duration.ofSeconds(i))).user("question " + i).tokenIds(tokenIds)
                .completionTokens(tokenIds.length).build();
    }
}
