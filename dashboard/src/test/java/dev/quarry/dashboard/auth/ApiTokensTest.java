package dev.quarry.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    @Test
    void hashesAsSha256sumDoes() {
        // printf %s test | sha256sum
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ApiTokens.sha256Hex("test"));
    }

    @Test
    void knowsAConfiguredTokenByItsHashAndNothingElse() {
        ApiTokens tokens = ApiTokens.of(List.of(new AuthSettings.Token("soc", Role.ANALYST,
                ApiTokens.sha256Hex("a-token-for-the-soc").toUpperCase())), Optional.empty());

        assertEquals(Optional.of(new QuarryPrincipal("soc", Role.ANALYST)), tokens.authenticate("a-token-for-the-soc"));
        assertEquals(Optional.empty(), tokens.authenticate("a-token-for-the-so"));
        assertEquals(Optional.empty(), tokens.authenticate(ApiTokens.sha256Hex("a-token-for-the-soc")));
        assertEquals(Optional.empty(), tokens.authenticate(""));
        assertEquals(Optional.empty(), tokens.authenticate(null));
    }

    @Test
    void theAdminTokenFromTheEnvironmentIsAnAdminNamedAdmin() {
        ApiTokens tokens = ApiTokens.of(TestTokens.tokens().subList(0, 1), Optional.of("a-long-demo-token"));

        assertEquals(Optional.of(new QuarryPrincipal("admin", Role.ADMIN)), tokens.authenticate("a-long-demo-token"));
        assertEquals(2, tokens.size());
    }

    @Test
    void thePeerTokenReadsLiveStateOnlyAndMustBeLong() {
        String secret = "a-peer-token-shared-by-every-instance";
        ApiTokens tokens = ApiTokens.of(List.of(), Optional.empty(), Optional.of(secret));

        assertEquals(Optional.of(new QuarryPrincipal(ApiTokens.PEER_TOKEN_NAME, Role.PEER)), tokens.authenticate(secret));
        assertFalse(Role.PEER.grants(Role.VIEWER));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.of(List.of(), Optional.empty(), Optional.of("twenty-chars-is-not-enough")));
        assertTrue(e.getMessage().contains("at least " + ApiTokens.MIN_PEER_TOKEN_CHARS), e.getMessage());
        assertFalse(e.getMessage().contains("twenty-chars-is-not-enough"), e.getMessage());
    }

    @Test
    void refusesAShortAdminTokenWithoutRepeatingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.of(List.of(), Optional.of("short-tok")));

        assertTrue(e.getMessage().contains(ApiTokens.ADMIN_TOKEN_ENV + " must be at least 12 characters"), e.getMessage());
        assertFalse(e.getMessage().contains("short-tok"), e.getMessage());
    }

    @Test
    void refusesTwoTokensWithOneNameOrOneHash() {
        String hash = ApiTokens.sha256Hex("one-token-value");
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(List.of(
                new AuthSettings.Token("admin", Role.VIEWER, ApiTokens.sha256Hex("another-value"))),
                Optional.of("a-long-demo-token")));
        IllegalArgumentException hashes = assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(List.of(
                new AuthSettings.Token("a", Role.VIEWER, hash), new AuthSettings.Token("b", Role.ADMIN, hash)),
                Optional.empty()));

        assertTrue(names.getMessage().contains("'admin' is used twice"), names.getMessage());
        assertTrue(names.getMessage().contains(ApiTokens.ADMIN_TOKEN_ENV), names.getMessage());
        assertTrue(hashes.getMessage().contains("'b'"), hashes.getMessage());
    }

    @Test
    void parsesTheOneStringForm() {
        AuthSettings.Token t = AuthSettings.Token.parse("ci-bot:viewer:" + ApiTokens.sha256Hex("x"));

        assertEquals("ci-bot", t.name());
        assertEquals(Role.VIEWER, t.role());
        assertThrows(IllegalArgumentException.class, () -> AuthSettings.Token.parse("ci-bot:viewer"));
    }
}
