package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.corpora.archetype.ArchetypeKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorpusSpecTest {

    @Test
    void defaultsAreFortyNineClientsOverSixHours() {
        CorpusSpec spec = CorpusSpec.defaults();
        assertEquals(42L, spec.seed());
        assertEquals(Duration.ofHours(6), spec.duration());
        assertEquals(40, spec.count(ArchetypeKind.CHAT_USER));
        assertEquals(49, spec.totalClients());
    }

    @Test
    void archetypesLeftOutHaveNoClients() {
        CorpusSpec spec = new CorpusSpec(1, CorpusSpec.DEFAULT_START, Duration.ofHours(1),
                Map.of(ArchetypeKind.CHAT_USER, 3));
        assertEquals(0, spec.count(ArchetypeKind.TEMPLATED_DISTILLER));
        assertEquals(3, spec.totalClients());
    }

    @Test
    void rejectsNegativeCountsAndEmptyWindows() {
        CorpusSpec spec = CorpusSpec.defaults();
        assertThrows(IllegalArgumentException.class, () -> spec.withCount(ArchetypeKind.CHAT_USER, -1));
        assertThrows(IllegalArgumentException.class, () -> spec.withDuration(Duration.ZERO));
    }
}
