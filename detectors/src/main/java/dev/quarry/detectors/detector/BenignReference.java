package dev.quarry.detectors.detector;

import dev.quarry.fingerprint.TextNormaliser;
import dev.quarry.fingerprint.encoder.TextEncoder;
import dev.quarry.fingerprint.vector.VectorMath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed sample of benign prompt embeddings, reduced to what a cosine-kernel MMD test needs:
 * the sample mean, the unbiased within-sample term and the trace of the squared covariance
 * (the null scale). Immutable and thread-safe.
 */
final class BenignReference {
    final float[] mean;
    /** Unbiased mean cosine between distinct reference prompts: the YY term of MMD^2_u. */
    final double within;
    /** tr(Sigma^2) of the reference embeddings. */
    final double covarianceTrace2;
    final int size;

    private BenignReference(float[] mean, double within, double covarianceTrace2, int size) {
        this.mean = mean;
        this.within = within;
        this.covarianceTrace2 = covarianceTrace2;
        this.size = size;
    }

    /** Embeds the prompts of a class-path resource next to this class, one per line, '#' comments. */
    static BenignReference load(TextEncoder encoder, String resource) {
        List<String> prompts = new ArrayList<>();
        try (InputStream in = BenignReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    prompts.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<float[]> vectors = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            vectors.add(encoder.encode(TextNormaliser.normalise(p)));
        }
        return of(vectors);
    }

    static BenignReference of(List<float[]> vectors) {
        int n = vectors.size();
        if (n < 2) {
            throw new IllegalArgumentException("a reference needs at least 2 prompts");
        }
        int d = vectors.get(0).length;
        float[] sum = new float[d];
        double selfDots = 0;
        for (float[] v : vectors) {
            for (int i = 0; i < d; i++) {
                sum[i] += v[i];
            }
            selfDots += VectorMath.dot(v, v);
        }
        double within = (VectorMath.dot(sum, sum) - selfDots) / ((double) n * (n - 1));
        float[] mean = new float[d];
        for (int i = 0; i < d; i++) {
            mean[i] = sum[i] / n;
        }
        List<float[]> centred = new ArrayList<>(n);
        for (float[] v : vectors) {
            float[] c = new float[d];
            for (int i = 0; i < d; i++) {
                c[i] = v[i] - mean[i];
            }
            centred.add(c);
        }
        double trace2 = 0;
        for (float[] a : centred) {
            for (float[] b : centred) {
                double dot = VectorMath.dot(a, b);
                trace2 += dot * dot;
            }
        }
        return new BenignReference(mean, within, trace2 / ((double) n * n), n);
    }

    /**
     * Standard deviation of MMD^2_u under H0 for a window of m prompts: the difference of means is
     * about N(0, Sigma (1/m + 1/n)) and the squared norm of N(0, C) has variance 2 tr(C^2).
     */
    double nullSd(int m) {
        return Math.sqrt(2 * covarianceTrace2) * (1.0 / m + 1.0 / size);
    }
}
