package dev.quarry.corpora.pipeline;

import java.io.IOException;
import java.net.ServerSocket;

/** Loopback ports free at the time of asking, for the processes and brokers tests start. */
public final class FreePorts {
    private FreePorts() {}

    /** One free port. */
    public static int one() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code n} consecutive free ports (a broker's listeners, its controllers). */
    public static int run(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = one();
            if (port + n >= 65000) {
                continue;
            }
            boolean free = true;
            for (int i = 1; i < n && free; i++) {
                free = isFree(port + i);
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return s.getLocalPort() == port;
        } catch (IOException busy) {
            return false;
        }
    }
}
