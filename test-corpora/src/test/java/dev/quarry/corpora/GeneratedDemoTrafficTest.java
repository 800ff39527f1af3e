package dev.quarry.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.spi.DemoTraffic;
import dev.quarry.dashboard.spi.QuarryPlugin;
import dev.quarry.ingest.InferenceEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedDemoTrafficTest {
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void reportsOneExtractorAndOneDistillerAsAttackers() {
        DemoTraffic demo = new GeneratedDemoTraffic();
        demo.events(5, START);
        assertEquals(Set.of("logit_bias_extractor", "templated_distiller"), new HashSet<>(demo.attackers().values()));
        assertEquals(2, demo.attackers().size());
    }

    @Test
    void streamsAttackersAmongBenignClientsInTimeOrderFromTheStart() {
        DemoTraffic demo = new GeneratedDemoTraffic();
        Iterator<InferenceEvent> events = demo.events(5, START);
        Set<String> clients = new HashSet<>();
        long last = START.toEpochMilli();
        for (int i = 0; i < 5_000 && events.hasNext(); i++) {
            InferenceEvent e = events.next();
            assertTrue(e.tsMillis() >= last);
            last = e.tsMillis();
            clients.add(e.clientId());
        }
        assertTrue(clients.containsAll(demo.attackers().keySet()));
        assertTrue(clients.size() > demo.attackers().size() + 2, clients.size() + " clients");
    }

    @Test
    void isFoundThroughTheQuarryPluginServiceFile() {
        List<QuarryPlugin> plugins = ServiceLoader.load(QuarryPlugin.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof CorporaPlugin).toList();
        assertEquals(1, plugins.size());
        QuarryPlugin plugin = plugins.get(0);
        assertEquals(List.of("generate", "convert", "eval", "bench", "jmh", "watermark-figures", "broker"),
                plugin.commands().stream().map(c -> c.getName()).toList());
        assertTrue(plugin.demoTraffic().orElseThrow() instanceof GeneratedDemoTraffic);
    }
}
