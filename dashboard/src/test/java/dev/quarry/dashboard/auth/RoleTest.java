package dev.quarry.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void readingRolesNestAndIngestStandsApart() {
        assertEquals(EnumSet.of(Role.VIEWER), granted(Role.VIEWER));
        assertEquals(EnumSet.of(Role.VIEWER, Role.ANALYST), granted(Role.ANALYST));
        assertEquals(EnumSet.of(Role.VIEWER, Role.ANALYST, Role.ADMIN), granted(Role.ADMIN));
        assertEquals(EnumSet.of(Role.INGEST), granted(Role.INGEST));
        assertEquals(EnumSet.of(Role.PEER), granted(Role.PEER));
    }

    @Test
    void parsesWireNamesInAnyCaseAndNamesTheRolesWhenItCannot() {
        assertEquals(Role.ANALYST, Role.fromWireName("Analyst"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.fromWireName("root"));
        assertTrue(e.getMessage().contains("viewer, analyst, admin, ingest, peer"), e.getMessage());
        assertFalse(Role.ADMIN.grants(Role.INGEST));
        assertFalse(Role.ADMIN.grants(Role.PEER));
    }

    @Test
    void theConstantsForRolesAllowedAreTheWireNames() {
        assertEquals(Set.of(Role.Names.VIEWER, Role.Names.ANALYST, Role.Names.ADMIN, Role.Names.INGEST, Role.Names.PEER),
                Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.toSet()));
    }

    private static Set<Role> granted(Role role) {
        return Arrays.stream(Role.values()).filter(role::grants)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
