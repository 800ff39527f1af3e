package dev.quarry.dashboard.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Wraps the server's request log so that credentials never reach it, whatever its format says:
 * the {@code Authorization} and {@code Cookie} headers are logged as {@value #REDACTED}, and so
 * is the value of any query parameter whose name suggests a secret ({@code token},
 * {@code access_token}, {@code api_key}, {@code password}, ...). Quarry reads no credential from a
 * query string, but a client may still send one. Thread-safe; manages the wrapped log's lifecycle.
 */
public final class RedactingRequestLog extends ContainerLifeCycle implements RequestLog {
    static final String REDACTED = "[redacted]";
    private static final Set<String> SECRET_HEADERS = Set.of(
            HttpHeader.AUTHORIZATION.asString().toLowerCase(Locale.ROOT),
            HttpHeader.PROXY_AUTHORIZATION.asString().toLowerCase(Locale.ROOT),
            HttpHeader.COOKIE.asString().toLowerCase(Locale.ROOT),
            Sessions.CSRF_HEADER.toLowerCase(Locale.ROOT));
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            ".*(token|key|secret|password|passwd|session|auth).*", Pattern.CASE_INSENSITIVE);

    private final RequestLog delegate;

    public RedactingRequestLog(RequestLog delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        addBean(delegate, true);
    }

    /**
     * A listener to add with {@code environment.lifecycle().addEventListener}: as the server starts,
     * it wraps the request log Dropwizard configured (if any) in a {@link RedactingRequestLog}.
     */
    public static LifeCycle.Listener installer() {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server && server.getRequestLog() != null
                        && !(server.getRequestLog() instanceof RedactingRequestLog)) {
                    server.setRequestLog(new RedactingRequestLog(server.getRequestLog()));
                }
            }
        };
    }

    @Override
    public void log(Request request, Response response) {
        delegate.log(new Redacted(request), response);
    }

    /** The query with the values of secret-looking parameters replaced; null stays null. */
    static String redactQuery(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        return Stream.of(query.split("&", -1)).map(pair -> {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            return eq >= 0 && SECRET_PARAMETER.matcher(name).matches() ? name + "=" + REDACTED : pair;
        }).collect(Collectors.joining("&"));
    }

    static HttpFields redactHeaders(HttpFields headers) {
        HttpFields.Mutable out = HttpFields.build(headers.size());
        for (HttpField field : headers) {
            out.add(SECRET_HEADERS.contains(field.getLowerCaseName()) ? new HttpField(field.getName(), REDACTED) : field);
        }
        return out.asImmutable();
    }

    /** The request as the log sees it. */
    private static final class Redacted extends Request.Wrapper {
        private final HttpURI uri;
        private final HttpFields headers;

        Redacted(Request request) {
            super(request);
            HttpURI original = request.getHttpURI();
            String query = original.getQuery();
            String redacted = redactQuery(query);
            this.uri = Objects.equals(query, redacted) ? original : HttpURI.build(original).query(redacted).asImmutable();
            this.headers = redactHeaders(request.getHeaders());
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }
    }
}
