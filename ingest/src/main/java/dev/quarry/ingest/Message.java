package dev.quarry.ingest;

import java.util.Objects;

/**
 * One chat message of a request. {@code content} is attacker-controlled text: data, never markup.
 *
 * @param role one of system, user, assistant, tool, developer
 * @param content the message text (may be empty, never null)
 */
public record Message(String role, String content) {
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public boolean isUser() {
        return "user".equals(role);
    }

    public boolean isSystem() {
        return "system".equals(role) || "developer".equals(role);
    }
}
