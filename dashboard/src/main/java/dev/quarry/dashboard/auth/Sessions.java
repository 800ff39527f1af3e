package dev.quarry.dashboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The analyst page's sign-in sessions, held in this process only: a session id is 256 random bits
 * sent as an HttpOnly, SameSite=Strict cookie, and each session has its own CSRF token, which the
 * page must echo in {@value #CSRF_HEADER} on every write. A session ends at sign-out or
 * {@code auth.sessionLifetime} after sign-in, whichever comes first; a restart ends them all.
 *
 * <p>Ids are looked up by their SHA-256, so the map's comparisons reveal nothing of a live id.
 * At most {@value #MAX_SESSIONS} sessions are held; beyond that the one nearest its end is
 * dropped. Thread-safe.
 */
public final class Sessions {
    /** The session cookie's name. */
    public static final String COOKIE = "quarry_session";
    /** The request header that carries the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final int MAX_SESSIONS = 10_000;

    /**
     * One signed-in browser.
     *
     * @param id the cookie's value
     * @param csrfToken what writes must send in {@value #CSRF_HEADER}
     */
    public record Session(String id, String csrfToken, QuarryPrincipal principal, Instant expiresAt) {
        /** Whether a presented CSRF token is this session's (constant time). */
        public boolean acceptsCsrf(String presented) {
            return presented != null && MessageDigest.isEqual(
                    presented.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8));
        }

        /** Leaves the id and the CSRF token out: they are credentials. */
        @Override
        public String toString() {
            return "Session[" + principal.name() + ", until " + expiresAt + "]";
        }
    }

    private final Map<String, Session> byIdHash = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;

    public Sessions(Duration lifetime) {
        this(lifetime, Clock.systemUTC());
    }

    public Sessions(Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive: " + lifetime);
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts a session for a principal that has just shown its token. */
    public Session start(QuarryPrincipal principal) {
        Instant now = clock.instant();
        if (byIdHash.size() >= MAX_SESSIONS) {
            byIdHash.values().removeIf(s -> !s.expiresAt().isAfter(now));
            while (byIdHash.size() >= MAX_SESSIONS) {
                byIdHash.values().stream().min(Comparator.comparing(Session::expiresAt))
                        .ifPresent(oldest -> byIdHash.remove(hash(oldest.id())));
            }
        }
        Session session = new Session(randomToken(), randomToken(), principal, now.plus(lifetime));
        byIdHash.put(hash(session.id()), session);
        return session;
    }

    /** The live session with this id; empty when unknown or expired (an expired one is dropped). */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return Optional.empty();
        }
        String key = hash(id);
        Session session = byIdHash.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expiresAt().isAfter(clock.instant())) {
            byIdHash.remove(key, session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends a session; returns it when it was live. */
    public Optional<Session> end(String id) {
        Optional<Session> live = find(id);
        live.ifPresent(s -> byIdHash.remove(hash(s.id())));
        return live;
    }

    /** How long a session lasts. */
    public Duration lifetime() {
        return lifetime;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String id) {
        return ApiTokens.sha256Hex(id);
    }
}
