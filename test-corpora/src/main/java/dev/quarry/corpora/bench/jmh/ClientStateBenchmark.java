package dev.quarry.corpora.bench.jmh;

import dev.quarry.detectors.detector.Detector;
import dev.quarry.detectors.fusion.FusionState;
import dev.quarry.detectors.state.ClientProfile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The state-store round trip every event pays: a {@link ClientProfile} encoded (every section
 * re-encoded, as after the detectors ran) and decoded (with each detector's section and the
 * fusion state read, as the detectors then do). The profile is a synthetic client's after 200
 * events through the detectors and fusion: a chat user, a templated distiller (16-template
 * table, HyperLogLog) or a logit-bias extractor (10,000 distinct ids in its bitmap).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClientStateBenchmark {
    /** Synthetic client index: 3 is a chat user, 1 a templated distiller, 0 a logit-bias extractor. */
    @Param({"3", "1", "0"})
    public int client;

    private List<Detector<?>> detectors;
    private ClientProfile decodedProfile;
    private byte[] encoded;

    @Setup
    public void setUp() {
        detectors = Fixtures.detectors();
        encoded = Fixtures.profileAfter(Fixtures.clientEvents(client, 200)).encode();
        decodedProfile = decodeFully(encoded);
    }

    @Benchmark
    public byte[] encode() {
        return decodedProfile.encode();
    }

    @Benchmark
    public ClientProfile decode() {
        return decodeFully(encoded);
    }


    private ClientProfile decodeFully(byte[] bytes) {
        ClientProfile p = ClientProfile.decode(bytes);
        for (Detector<?> d : detectors) {
            p.state(d);
        }
        FusionState f = p.fusion();
        if (f == null) {
            throw new IllegalStateException();
        }
        return p;
    }
}
