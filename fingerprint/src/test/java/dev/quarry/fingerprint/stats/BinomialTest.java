package dev.quarry.fingerprint.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinomialTest {

    /** Reference values: scipy.stats.binom.sf(k - 1, n, p) and its log10 (scipy 1.x). */
    @ParameterizedTest
    @CsvSource({
        "10, 3, 0.25, 0.4744071960449219, -0.3238487319985605",
        "100, 25, 0.25, 0.5383288679185885, -0.2689523304915989",
        "100, 40, 0.25, 0.0006865922079629914, -3.163301129628413",
        "1000, 300, 0.25, 0.0001935903219490758, -3.71311635792211",
        "1000, 500, 0.25, 1.2814285436213035e-64, -63.89230560639444",
        "20000, 5600, 0.25, 2.0527065450515874e-22, -21.687673132935387",
        "5, 0, 0.25, 1.0, 0.0",
        "5, 5, 0.25, 0.0009765625, -3.0102999566398116",
        "1, 1, 0.25, 0.25, -0.6020599913279623",
        "3000, 1500, 0.25, 8.531806938285118e-190, -189.0689589805299",
        "200000, 50600, 0.25, 0.0009936129211436187, -3.002782769477392",
        "50, 10, 0.5, 0.9999971929499534, -1.2190880566977953e-06",
    })
    void upperTailMatchesScipy(long n, long k, double p, double expected, double expectedLog10) {
        assertEquals(expected, Binomial.upperTail(n, k, p), expected * 1e-9);
        assertEquals(expectedLog10, Binomial.log10UpperTail(n, k, p), Math.max(1e-12, Math.abs(expectedLog10) * 1e-10));
    }

    /** Reference values: log10 of the exact sum of the pmf terms {@code i = 0..k}, in rational arithmetic (Python). */
    @ParameterizedTest
    @CsvSource({
        "10, 2, 0.25, -0.2793505894604427",
        "100, 10, 0.25, -3.862960761255485",
        "6000, 2550, 0.46, -7.571307666696157",
        "50, 50, 0.3, 0.0",
    })
    void lowerTailIsTheUpperTailOfTheFailures(long n, long k, double p, double expectedLog10) {
        assertEquals(expectedLog10, Binomial.log10LowerTail(n, k, p), Math.max(1e-12, Math.abs(expectedLog10) * 1e-10));
    }

    @ParameterizedTest
    @CsvSource({"20000, 10000, 0.25, -1251.4598985967257"})
    void log10KeepsTheExponentOfTailsThatUnderflowADouble(long n, long k, double p, double expectedLog10) {
        // scipy's logsf returns -inf here; reference from a log-sum-exp of the exact pmf terms.
        assertEquals(0.0, Binomial.upperTail(n, k, p));
        assertEquals(expectedLog10, Binomial.log10UpperTail(n, k, p), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"7, 8, 0.3", "0, 1, 0.5"})
    void aCountAboveNHasProbabilityZero(long n, long k, double p) {
        assertEquals(0.0, Binomial.upperTail(n, k, p));
    }
}
