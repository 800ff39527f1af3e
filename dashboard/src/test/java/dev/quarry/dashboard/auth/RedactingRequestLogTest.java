package dev.quarry.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class RedactingRequestLogTest {
    @Test
    void redactsTheValuesOfSecretLookingQueryParametersOnly() {
        assertEquals("limit=5&access_token=[redacted]&q=token", RedactingRequestLog.redactQuery("limit=5&access_token=abc&q=token"));
        assertEquals("apiKey=[redacted]&Token=[redacted]&client=acct-1",
                RedactingRequestLog.redactQuery("apiKey=1&Token=2&client=acct-1"));
        assertEquals("recent=50", RedactingRequestLog.redactQuery("recent=50"));
        assertEquals(null, RedactingRequestLog.redactQuery(null));
    }

    @Test
    void redactsCredentialHeadersWhateverTheirCase() {
        HttpFields headers = HttpFields.build()
                .add("authorization", "Bearer secret-value")
                .add(HttpHeader.COOKIE, "quarry_session=abc")
                .add(Sessions.CSRF_HEADER, "csrf-value")
                .add(HttpHeader.USER_AGENT, "curl/8")
                .asImmutable();

        HttpFields logged = RedactingRequestLog.redactHeaders(headers);

        assertEquals("[redacted]", logged.get(HttpHeader.AUTHORIZATION));
        assertEquals("[redacted]", logged.get(HttpHeader.COOKIE));
        assertEquals("[redacted]", logged.get(Sessions.CSRF_HEADER));
        assertEquals("curl/8", logged.get(HttpHeader.USER_AGENT));
    }
}
