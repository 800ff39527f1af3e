package dev.quarry.detectors.peers;

import dev.quarry.detectors.config.PeersConfig;

/**
 * Infers a client's {@link ClientShape} from its behaviour; the event contract has no end-user
 * field. The rules, in order:
 *
 * <ol>
 *   <li>fewer than {@code minEvents} events: {@code unknown} (no peer context);
 *   <li>{@code product} when two of three signs of a product front-end hold: an organisation is
 *       declared ({@code org_id}); one system prompt carries at least {@code productSystemShare}
 *       of the system-prompted requests (one fixed instruction, varied user turns: what a product
 *       built on a chat API sends, and what the OpenAI and Anthropic guides tell builders to do);
 *       requests come from at least {@code productMinSources} addresses or user agents (a fleet of
 *       backend hosts or forwarded end users). Each sign alone is weak: a developer declares an
 *       organisation, a person sets a custom system prompt, a laptop roams networks;
 *   <li>{@code batch} when it has spanned {@code batchMinSpanHours} clock hours or more, is active
 *       in at least {@code batchActiveHourShare} of them and its gaps between requests vary no
 *       more than a Poisson stream's (coefficient of variation {@code batchMaxGapCv}, 1): machine
 *       cadence at all hours. People's sessions are bursts and pauses: their gaps' coefficient of
 *       variation is well above 1 (Barabási 2005, <i>The origin of bursts and heavy tails in human
 *       dynamics</i>) and their hours follow the day;
 *   <li>otherwise {@code personal}.
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class ShapeClassifier {
    private final PeersConfig config;

    public ShapeClassifier(PeersConfig config) {
        this.config = config;
    }

    /** The client's shape from its state. */
    public ClientShape classify(ShapeState s) {
        if (s.events() < config.minEvents()) {
            return ClientShape.UNKNOWN;
        }
        int signs = (s.org ? 1 : 0)
                + (s.systemPrompted * 2 >= s.events() && s.systemShare() >= config.productSystemShare() ? 1 : 0)
                + (s.sources() >= config.productMinSources() ? 1 : 0);
        if (signs >= 2) {
            return ClientShape.PRODUCT;
        }
        if (s.spanHours() >= config.batchMinSpanHours() && s.activeHourShare() >= config.batchActiveHourShare()
                && s.gapCv() <= config.batchMaxGapCv()) {
            return ClientShape.BATCH;
        }
        return ClientShape.PERSONAL;
    }
}
