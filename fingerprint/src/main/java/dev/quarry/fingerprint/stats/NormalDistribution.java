package dev.quarry.fingerprint.stats;

/**
 * The standard normal distribution's quantile and upper tail, to the accuracy statistical tests
 * need. Stateless and thread-safe.
 */
public final class NormalDistribution {
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    private NormalDistribution() {
    }

    /**
     * The p-quantile, by Acklam's rational approximation (relative error below 1.15e-9).
     *
     * @throws IllegalArgumentException unless 0 &lt; p &lt; 1
     */
    public static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        if (p < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        if (p > 1 - P_LOW) {
            return -quantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }

    /**
     * P(Z &gt; z), by Hill's algorithm AS 66 (the one AS R94 uses), accurate to about 1e-9 absolute.
     * Returns 0 beyond z = 18.66, where the true value underflows any use.
     */
    public static double upperTail(double z) {
        boolean up = true;
        if (z < 0) {
            up = false;
            z = -z;
        }
        double value;
        if (z <= 7.0 || (up && z <= 18.66)) {
            double y = 0.5 * z * z;
            if (z > 1.28) {
                value = 0.398942280385 * Math.exp(-y) / (z - 3.8052e-8 + 1.00000615302 / (z + 3.98064794e-4
                        + 1.98615381364 / (z - 0.151679116635 + 5.29330324926 / (z + 4.8385912808
                        - 15.1508972451 / (z + 0.742380924027 + 30.789933034 / (z + 3.99019417011))))));
            } else {
                value = 0.5 - z * (0.398942280444 - 0.39990348504 * y
                        / (y + 5.75885480458 - 29.8213557807 / (y + 2.62433121679 + 48.6959930692 / (y + 5.92885724438))));
            }
        } else {
            value = 0.0;
        }
        return up ? value : 1.0 - value;
    }
}
