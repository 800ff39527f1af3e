package dev.quarry.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AlertQueryTest {

    @Test
    void defaultsToTheFirstPageOfFifty() {
        AlertQuery q = AlertQuery.all();

        assertEquals(0, q.offset());
        assertEquals(AlertQuery.DEFAULT_LIMIT, q.limit());
    }

    @Test
    void rejectsALimitAboveTheMaximum() {
        assertThrows(IllegalArgumentException.class, () -> AlertQuery.builder().limit(AlertQuery.MAX_LIMIT + 1).build());
    }

    @Test
    void rejectsANegativeOffset() {
        assertThrows(IllegalArgumentException.class, () -> AlertQuery.builder().offset(-1).build());
    }

    @Test
    void rejectsAFromAfterTo() {
        assertThrows(IllegalArgumentException.class, () -> AlertQuery.builder().fromTs(2L).toTs(1L).build());
    }

    @Test
    void treatsBlankTextAndClientAsAbsent() {
        AlertQuery q = AlertQuery.builder().text("  ").clientId("").build();

        assertNull(q.text());
        assertNull(q.clientId());
    }
}
