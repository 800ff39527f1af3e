package dev.quarry.detectors.cluster;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.fusion.AlertFusion;
import dev.quarry.detectors.suppression.LiveSuppressions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The two fusions of a cross-client side: one for the alert about the group itself (a cluster, a
 * dataset split; {@link Subject#cluster}) and one for the alerts of its members, whose ids are
 * scoped so that they never reuse the id of a member's own client alert; and the analysts'
 * suppressions in force, which hold back a member's own findings and mark it in the group's alert
 * ({@link Alert#suppressedMembers()}). Thread-safe, as {@link AlertFusion} and
 * {@link LiveSuppressions} are.
 *
 * @param fleet fuses the group's findings into its alert
 * @param members fuses a member's share of them into the member's alert
 * @param suppressions the suppressions in force
 */
public record FleetFusion(AlertFusion fleet, AlertFusion members, LiveSuppressions suppressions) {

    public FleetFusion {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(suppressions, "suppressions");
    }

    /**
     * Both fusions under one configuration, without suppressions.
     *
     * @param headlines one line per finding for the summaries
     * @param memberScope mixed into the member alerts' ids, e.g. {@code hydra} or {@code split}
     */
    public static FleetFusion of(FusionConfig config, Function<DetectorFinding, String> headlines, String memberScope) {
        return of(config, headlines, memberScope, new LiveSuppressions());
    }

    /** Both fusions under one configuration, with the suppressions in force. */
    public static FleetFusion of(FusionConfig config, Function<DetectorFinding, String> headlines, String memberScope,
            LiveSuppressions suppressions) {
        return new FleetFusion(new AlertFusion(config, headlines), new AlertFusion(config, headlines, memberScope),
                suppressions);
    }

    /**
     * The group's alert with its members whose own findings of these detectors a suppression holds
     * back at {@code ts} listed (client-scoped suppressions, and organisation-scoped ones where
     * {@code orgOf} knows the member's organisation).
     */
    Alert markSuppressedMembers(Alert alert, Collection<String> members, Collection<String> detectors,
            Function<String, String> orgOf, long ts) {
        if (suppressions.current().isEmpty()) {
            return alert;
        }
        List<String> held = new ArrayList<>();
        for (String m : members) {
            var hold = suppressions.current().holdFor(m, orgOf.apply(m), ts);
            if (detectors.stream().anyMatch(hold::holds)) {
                held.add(m);
            }
        }
        return held.isEmpty() ? alert : alert.withSuppressedMembers(held);
    }
}
