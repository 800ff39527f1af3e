package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.archetype.ArchetypeKind;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientRosterTest {
    @Test
    void givesEveryArchetypeAndIndexItsOwnKeyBeyondTheThirtySecondArchetype() {
        Set<Long> keys = new HashSet<>();
        int perKind = 2_000;
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            for (int i = 0; i < perKind; i++) {
                keys.add(ClientRoster.keyBits(4, kind, i));
            }
            keys.add(ClientRoster.keyBits(4, kind, 999_999));
        }
        assertTrue(ArchetypeKind.values().length > 32, "the test is about archetypes past the 32nd");
        assertEquals(ArchetypeKind.values().length * (perKind + 1), keys.size());
    }

    @Test
    void everyClientOfEveryKindHasItsOwnKey() {
        CorpusSpec spec = CorpusSpec.empty(3, CorpusSpec.DEFAULT_START, Duration.ofHours(1));
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            spec = spec.withCount(kind, 40);
        }
        List<ClientRoster.Client> clients = ClientRoster.draw(spec);
        Set<String> keys = new HashSet<>();
        for (ClientRoster.Client c : clients) {
            keys.add(c.profile().clientId());
        }
        assertEquals(clients.size(), keys.size(), "clients sharing a key");
    }
}
