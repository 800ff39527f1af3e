package dev.quarry.detectors.cluster;

import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.fusion.AlertFusion;
import java.util.Objects;
import java.util.function.Function;

/**
 * The two fusions of a cross-client side: one for the alert about the group itself (a cluster, a
 * dataset split; {@link Subject#cluster}) and one for the alerts of its members, whose ids are
 * scoped so that they never reuse the id of a member's own client alert. Thread-safe, as
 * {@link AlertFusion} is.
 *
 * @param fleet fuses the group's findings into its alert
 * @param members fuses a member's share of them into the member's alert
 */
public record FleetFusion(AlertFusion fleet, AlertFusion members) {

    public FleetFusion {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(members, "members");
    }

    /**
     * Both fusions under one configuration.
     *
     * @param headlines one line per finding for the summaries
     * @param memberScope mixed into the member alerts' ids, e.g. {@code hydra} or {@code split}
     */
    public static FleetFusion of(FusionConfig config, Function<DetectorFinding, String> headlines, String memberScope) {
        return new FleetFusion(new AlertFusion(config, headlines), new AlertFusion(config, headlines, memberScope));
    }
}
