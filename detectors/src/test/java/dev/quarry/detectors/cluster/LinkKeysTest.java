package dev.quarry.detectors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkKeysTest {

    @Test
    void groupsIpv4AddressesByTheirSlash24() {
        assertEquals("10.1.2", LinkKeys.prefix("10.1.2.77"));
        assertEquals("10.1.2", LinkKeys.prefix("::ffff:10.1.2.3"));
        assertEquals("192.0.2", LinkKeys.prefix("192.000.002.9"));
    }

    @Test
    void groupsIpv6AddressesByTheirSlash48WhateverTheirSpelling() {
        assertEquals("2001:db8:7", LinkKeys.prefix("2001:db8:7::1"));
        assertEquals("2001:db8:7", LinkKeys.prefix("2001:0DB8:0007:0000:0000:0000:0000:0001"));
        assertEquals("0:0:0", LinkKeys.prefix("::1"));
    }

    @Test
    void givesNoPrefixForWhatIsNotAnAddress() {
        for (String bad : new String[] {"", "10.1.2", "10.1.2.300", "not-an-ip", "1:2:3:4:5:6:7:8:9", "1::2::3", "<script>"}) {
            assertNull(LinkKeys.prefix(bad), bad);
        }
        assertNull(LinkKeys.prefix(null));
    }

    @Test
    void linksPaymentAndOrgAloneButNetworkOnlyTogetherWithTheTlsStack() {
        InferenceEvent e = EventBuilder.event("e1").client("k").org("org_a").paymentFingerprint("pm_1")
                .ip("10.9.8.7").userAgent("python-httpx/0.27.2").tlsFingerprint("t13d").user("hi").build();
        assertEquals(List.of("pay:pm_1", "org:org_a", "net-tls:10.9.8|t13d"), LinkKeys.ofEvent(e));
        assertTrue(LinkKeys.isStrong("pay:pm_1"));
        assertFalse(LinkKeys.isStrong("net-tls:10.9.8|t13d"));
        InferenceEvent bare = EventBuilder.event("e2").client("k").ip("10.9.8.7").userAgent("ua").user("hi").build();
        assertTrue(LinkKeys.ofEvent(bare).isEmpty(), "an address and a user agent link nobody");
    }

    @Test
    void splitsWeakKeysIntoTheAttributesTheirClientsAnnounce() {
        InferenceEvent e = EventBuilder.event("e1").client("k").ip("10.9.8.7").tlsFingerprint("771,4865|x").user("hi").build();
        assertEquals(List.of("client", "tls:771,4865|x", "net:10.9.8", "tpl:1f"), LinkKeys.attributesOf(e, new long[] {31}));
        for (String key : LinkKeys.ofTemplate(e, 31)) {
            assertTrue(LinkKeys.attributesOf(e, new long[] {31}).containsAll(LinkKeys.components(key)), key);
        }
        assertEquals(List.of("net:10.9.8", "tls:771,4865|x"), LinkKeys.components("net-tls:10.9.8|771,4865|x"));
        assertEquals(List.of("tls:771,4865|x", "tpl:1f"), LinkKeys.components("tls-tpl:771,4865|x|1f"));
        assertTrue(LinkKeys.components("pay:pm_1").isEmpty());
    }

    @Test
    void answersEachAddressForItselfWhenAskedAgainOrInTurn() {
        for (int round = 0; round < 2; round++) {
            assertEquals("10.1.2", LinkKeys.prefix("10.1.2.77"));
            assertEquals("10.1.2", LinkKeys.prefix("10.1.2.77"));
            assertNull(LinkKeys.prefix("10.1.2"));
            assertNull(LinkKeys.prefix("10.1.2"));
            assertEquals("2001:db8:7", LinkKeys.prefix("2001:db8:7::1"));
            assertNull(LinkKeys.prefix(null));
            assertEquals("10.1.3", LinkKeys.prefix("10.1.3.77"));
        }
    }
}
