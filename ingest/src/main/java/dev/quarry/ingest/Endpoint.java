package dev.quarry.ingest;

import java.util.Optional;

/** The API an inference call went to, as named in the event contract's {@code endpoint} field. */
public enum Endpoint {
    CHAT_COMPLETIONS("chat.completions"),
    COMPLETIONS("completions"),
    RESPONSES("responses"),
    EMBEDDINGS("embeddings");

    private final String wireName;

    Endpoint(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire, e.g. {@code chat.completions}. */
    public String wireName() {
        return wireName;
    }

    /** The endpoint with this wire name, or empty when the contract does not know it. */
    public static Optional<Endpoint> fromWireName(String name) {
        for (Endpoint e : values()) {
            if (e.wireName.equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
