package dev.quarry.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dashboard.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final QuarryPrincipal ANALYST = new QuarryPrincipal("soc", Role.ANALYST);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T08:00:00Z"));
    private final Sessions sessions = new Sessions(Duration.ofHours(8), clock);

    @Test
    void aSessionIdAndItsCsrfTokenAre256RandomBitsEach() {
        Sessions.Session a = sessions.start(ANALYST);
        Sessions.Session b = sessions.start(ANALYST);

        assertEquals(32, Base64.getUrlDecoder().decode(a.id()).length);
        assertEquals(32, Base64.getUrlDecoder().decode(a.csrfToken()).length);
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.id(), a.csrfToken());
        assertFalse(a.toString().contains(a.id()), "toString leaves the id out");
    }

    @Test
    void aSessionLastsItsLifetimeAndNotASecondMore() {
        Sessions.Session s = sessions.start(ANALYST);

        clock.now = clock.now.plus(Duration.ofHours(8)).minusSeconds(1);
        assertEquals(Optional.of(s), sessions.find(s.id()));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Optional.empty(), sessions.find(s.id()));
    }

    @Test
    void anEndedSessionIsGone() {
        Sessions.Session s = sessions.start(ANALYST);

        assertTrue(sessions.end(s.id()).isPresent());
        assertEquals(Optional.empty(), sessions.find(s.id()));
        assertEquals(Optional.empty(), sessions.end(s.id()));
    }

    @Test
    void acceptsOnlyItsOwnCsrfToken() {
        Sessions.Session s = sessions.start(ANALYST);

        assertTrue(s.acceptsCsrf(s.csrfToken()));
        assertFalse(s.acceptsCsrf(sessions.start(ANALYST).csrfToken()));
        assertFalse(s.acceptsCsrf(""));
        assertFalse(s.acceptsCsrf(null));
    }

    @Test
    void keepsAtMostTheCapDroppingTheSessionNearestItsEnd() {
        Sessions.Session first = sessions.start(ANALYST);
        clock.now = clock.now.plusSeconds(1);
        for (int i = 1; i < Sessions.MAX_SESSIONS; i++) {
            sessions.start(ANALYST);
        }
        assertTrue(sessions.find(first.id()).isPresent());

        Sessions.Session next = sessions.start(ANALYST);

        assertEquals(Optional.empty(), sessions.find(first.id()));
        assertTrue(sessions.find(next.id()).isPresent());
    }
}
