package dev.quarry.corpora;

import java.util.Objects;

/**
 * The ground truth for one client: a row of {@code labels.csv}. Immutable.
 *
 * @param label {@code benign} or {@code attack}
 * @param archetype the archetype's wire name, e.g. {@code templated_distiller}
 * @param group name of the coordinated cluster the client belongs to, or the empty string
 */
public record ClientLabel(String clientId, String label, String archetype, String group) {
    public ClientLabel {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(archetype, "archetype");
        Objects.requireNonNull(group, "group");
    }

    /** Whether the client is an attacker. */
    public boolean isAttack() {
        return "attack".equals(label);
    }
}
