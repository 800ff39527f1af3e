package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.archetype.Label;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientMixTest {

    @Test
    void countsAlwaysSumToTheRequestedPopulation() {
        for (int n : new int[] {1, 100, 999, 1_000, 12_345, 100_000, 1_000_000}) {
            assertEquals(n, ClientMix.counts(n).values().stream().mapToInt(Integer::intValue).sum(), "n=" + n);
        }
    }

    @Test
    void isMostlyBenignWithAFewPercentAttackers() {
        Map<ArchetypeKind, Integer> counts = ClientMix.counts(100_000);
        int attackers = counts.entrySet().stream().filter(e -> e.getKey().label() == Label.ATTACK)
                .mapToInt(Map.Entry::getValue).sum();
        assertTrue(attackers > 2_000 && attackers < 5_000, "attackers " + attackers);
        assertTrue(counts.get(ArchetypeKind.CHAT_USER) > 50_000);
    }

    @Test
    void fromOneThousandClientsEveryArchetypeIsPresentAndTheHydraHasAFleet() {
        Map<ArchetypeKind, Integer> counts = ClientMix.counts(1_000);
        for (ArchetypeKind kind : ArchetypeKind.values()) {
            if (kind.label() == Label.ATTACK && ClientMix.SHARES.containsKey(kind)) {
                assertTrue(counts.get(kind) >= 1, kind.wireName());
            }
        }
        assertTrue(counts.get(ArchetypeKind.HYDRA_CLUSTER) >= 10);
    }
}
