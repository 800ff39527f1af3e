package dev.quarry.dashboard.sink;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) that takes the sinks'
 * POSTs: it answers each with the next scripted status (then {@code 200}, or what
 * {@link #answerAlways} set), and keeps every request it got. Thread-safe.
 */
public final class LocalReceiver implements AutoCloseable {

    /** One request as received; header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body, int answered) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private int always = 200;

    private LocalReceiver(HttpServer server) {
        this.server = server;
    }

    public static LocalReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalReceiver receiver = new LocalReceiver(server);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            int status = receiver.next();
            receiver.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    new String(body, StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return receiver;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests are answered with these statuses, in order. */
    public synchronized LocalReceiver answerNext(int... statuses) {
        for (int s : statuses) {
            script.add(s);
        }
        return this;
    }

    /** Requests beyond the script are answered with {@code status}. */
    public synchronized LocalReceiver answerAlways(int status) {
        always = status;
        return this;
    }

    private synchronized int next() {
        return script.isEmpty() ? always : script.poll();
    }

    private synchronized void add(Request r) {
        requests.add(r);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered with a 2xx: what a receiver accepted. */
    public synchronized List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
