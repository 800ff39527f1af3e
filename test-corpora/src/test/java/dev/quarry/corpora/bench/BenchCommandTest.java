package dev.quarry.corpora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void parsesCommaSeparatedClientCounts() {
        assertEquals(List.of(1000, 100_000, 1_000_000), BenchCommand.parseClients("1000, 100_000,1000000"));
    }

    @Test
    void rejectsZeroAndGarbageClientCounts() {
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseClients("1000,0"));
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseClients("1k"));
    }
}
