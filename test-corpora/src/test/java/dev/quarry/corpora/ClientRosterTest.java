package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.corpora.archetype.ArchetypeKind;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientRosterTest {

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
