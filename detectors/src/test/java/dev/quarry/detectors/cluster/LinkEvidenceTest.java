package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.HydraConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Weak link keys weighed by how common their attributes are, through the real cluster processor. */
class LinkEvidenceTest {
    private static final String COMMON_TLS = "t13d_popular_library";
    private final HydraConfig config = new HydraConfig();
    private ClusterProcessor clusters;
    private KeyValueStore<String, byte[]> linkStore;

    @BeforeEach
    void start() {
        MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> nodes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("nodes"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        nodes.init(context.getStateStoreContext(), nodes);
        context.addStateStore(nodes);
        linkStore = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("links"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        linkStore.init(context.getStateStoreContext(), linkStore);
        context.addStateStore(linkStore);
        KeyValueStore<String, byte[]> keys = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("keys"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        keys.init(context.getStateStoreContext(), keys);
        context.addStateStore(keys);
        HydraClusterDetector detector = new HydraClusterDetector(config);
        clusters = new ClusterProcessor(detector, FleetFusion.of(new FusionConfig(), detector::headline, "hydra"),
                new PipelineCounters(), "nodes", "links", "keys");
        clusters.init(context);
    }

    /** {@code n} clients named {@code prefix0..} announcing the attributes. */
    private void clients(String prefix, int n, String... attributes) {
        for (int i = 0; i < n; i++) {
            attribute(prefix + i, LinkKeys.POPULATION);
            for (String a : attributes) {
                attribute(prefix + i, a);
            }
        }
    }

    private void attribute(String client, String attribute) {
        clusters.process(new Record<>("clusters", new ClusterMessage.AttributeClaim(attribute, client, 1L), 1L));
    }

    /** The link side's edges for a key its {@code members} share: each later member to the first. */
    private void share(String key, String... members) {
        for (int i = 1; i < members.length; i++) {
            clusters.process(new Record<>("clusters", new ClusterMessage.Edge(members[i], members[0], key,
                    members[i] + "-e", 2L), 2L));
        }
    }

    private static String[] names(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + i;
        }
        return out;
    }

    @Test
    void doesNotLinkUnrelatedProductsSharingAPopularStackAndACommonSkeleton() {
        // 400 clients, 180 on one HTTP library's TLS stack; 19 products use one marketing skeleton,
        // 8 of them on that stack.
        clients("other", 181, LinkKeys.TLS + COMMON_TLS);
        clients("product", 8, LinkKeys.TLS + COMMON_TLS, LinkKeys.TEMPLATE + "5eed");
        clients("stack", 11, LinkKeys.TLS + "t13d_other", LinkKeys.TEMPLATE + "5eed");
        clients("rest", 200);
        share(LinkKeys.TLS_TEMPLATE + COMMON_TLS + "|5eed", names("product", 8));
        for (int i = 1; i < 8; i++) {
            assertNotEquals(clusters.find("product0"), clusters.find("product" + i));
        }
    }

    @Test
    void linksAFleetWhoseTemplateOnlyItsMembersCarryOnAStackFewOthersUse() {
        clients("other", 181, LinkKeys.TLS + COMMON_TLS);
        clients("peer", 20, LinkKeys.TLS + "t13d_rare_stack");
        clients("fleet", 12, LinkKeys.TLS + "t13d_rare_stack", LinkKeys.TEMPLATE + "f1ee7");
        clients("rest", 200);
        share(LinkKeys.TLS_TEMPLATE + "t13d_rare_stack|f1ee7", names("fleet", 12));
        String root = clusters.find("fleet0");
        for (int i = 1; i < 12; i++) {
            assertEquals(root, clusters.find("fleet" + i), "fleet" + i);
        }
    }

    /** One popular stack and a template are not enough, even a template only the fleet carries. */
    @Test
    void doesNotLinkByAPopularStackAndATemplateAlone() {
        clients("other", 181, LinkKeys.TLS + COMMON_TLS);
        clients("fleet", 12, LinkKeys.TLS + COMMON_TLS, LinkKeys.TEMPLATE + "f1ee7");
        clients("rest", 200);
        share(LinkKeys.TLS_TEMPLATE + COMMON_TLS + "|f1ee7", names("fleet", 12));
        assertNotEquals(clusters.find("fleet0"), clusters.find("fleet1"));
    }

    @Test
    void linksMembersThatWaitedOnceTheKeyIsRareEnough() {
        // The template is still carried by clients outside the key when the first members share it:
        // they wait; once the key holds all its carriers, all of them join.
        clients("other", 300, LinkKeys.TLS + COMMON_TLS);
        clients("peer", 10, LinkKeys.TLS + "t13d_rare_stack");
        clients("fleet", 6, LinkKeys.TLS + "t13d_rare_stack", LinkKeys.TEMPLATE + "f1ee7");
        String[] fleet = names("fleet", 6);
        share(LinkKeys.TLS_TEMPLATE + "t13d_rare_stack|f1ee7", fleet[0], fleet[1]);
        assertNotEquals(clusters.find("fleet0"), clusters.find("fleet1"));
        share(LinkKeys.TLS_TEMPLATE + "t13d_rare_stack|f1ee7", fleet[0], fleet[2], fleet[3], fleet[4], fleet[5]);
        String root = clusters.find("fleet0");
        for (String m : fleet) {
            assertEquals(root, clusters.find(m), m);
        }
    }

    @Test
    void linksNobodyThroughWeakKeysBeforeThePopulationIsKnown() {
        clients("fleet", 10, LinkKeys.NET + "10.9.8", LinkKeys.TLS + "t13d_rare");
        share(LinkKeys.NET_TLS + "10.9.8|t13d_rare", names("fleet", 10));
        assertNotEquals(clusters.find("fleet0"), clusters.find("fleet1"));
        assertTrue(config.minPopulation() > 10);
    }

    @Test
    void strongKeysLinkWithoutWeighing() {
        share("pay:pm_1", "a", "b");
        assertEquals(clusters.find("a"), clusters.find("b"));
    }

    @Test
    void countsEachAnnouncedAttributeOnce() {
        clients("c", 3, LinkKeys.NET + "10.1.2");
        LinkEvidence evidence = new LinkEvidence(config, linkStore);
        assertEquals(3, evidence.countOf(LinkKeys.NET + "10.1.2"));
        assertEquals(3, evidence.countOf(LinkKeys.POPULATION));
    }
}
