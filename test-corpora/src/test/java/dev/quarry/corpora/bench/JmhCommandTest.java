package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhCommandTest {

    @Test
    void jmhRunsEveryQuarryBenchmarkUnlessOneIsNamed() {
        assertEquals(List.of("-f", "1", "-wi", "2", JmhCommand.ALL_BENCHMARKS),
                JmhCommand.jmhArguments(List.of("-f", "1", "-wi", "2")));
        assertEquals(List.of("-f", "1", "ParseBenchmark"), JmhCommand.jmhArguments(List.of("-f", "1", "ParseBenchmark")));
        assertEquals(List.of("-h"), JmhCommand.jmhArguments(List.of("-h")));
    }
}
