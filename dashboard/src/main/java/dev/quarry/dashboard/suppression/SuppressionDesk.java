package dev.quarry.dashboard.suppression;

import dev.quarry.dashboard.journal.Journal;
import dev.quarry.detectors.suppression.Suppression;
import dev.quarry.detectors.suppression.Suppressions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The analysts' suppressions, kept in a {@link Journal} keyed by suppression id (on Kafka, the
 * compacted topic {@code quarry.suppressions}, where a deletion is a tombstone). The detection
 * topology reads the same topic as a global store, so a suppression made here holds back
 * findings on live traffic as soon as the topology has read it, within seconds, without a restart.
 * Every alert-service instance reads the journal whole at start-up and follows it, so all list the
 * same suppressions.
 *
 * <p>A change is written to the journal and takes effect when it is read back. Thread-safe.
 */
public final class SuppressionDesk {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Told of every suppression made or deleted through this instance, after it is written. */
    public interface Listener {
        void created(Suppression suppression);

        /** @param actor the token name of whoever deleted it */
        void deleted(Suppression suppression, String actor);
    }

    private final Journal journal;
    private final Clock clock;
    private final Set<String> detectorNames;
    private final Listener listener;
    private volatile Suppressions current = Suppressions.none();

    private SuppressionDesk(Journal journal, Clock clock, Set<String> detectorNames, Listener listener) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.detectorNames = Set.copyOf(detectorNames);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A desk reading and writing {@code journal}; subscribes before the journal starts.
     *
     * @param detectorNames the detectors a suppression may name (see {@link Suppressions#detectorNames})
     */
    public static SuppressionDesk on(Journal journal, Clock clock, Set<String> detectorNames, Listener listener) {
        SuppressionDesk desk = new SuppressionDesk(journal, clock, detectorNames, listener);
        journal.subscribe(desk::read);
        return desk;
    }

    /** Every suppression, oldest first. */
    public List<Suppression> list() {
        return current.all();
    }

    public Optional<Suppression> get(String id) {
        return Optional.ofNullable(current.get(id));
    }

    /**
     * Makes a suppression and returns it once written.
     *
     * @param actor the token name of the analyst, recorded as {@code created_by}
     * @throws IllegalArgumentException naming the field of the request at fault
     * @throws dev.quarry.dashboard.journal.JournalUnavailableException when the journal cannot take it
     */
    public Suppression create(SuppressionRequest request, String actor) {
        SuppressionRequest.Valid v = request.validated(detectorNames);
        Suppression s = new Suppression(newId(), v.clientId(), v.orgId(), v.detectors(), v.reason(), v.expiresAt(),
                actor, clock.millis());
        journal.append(s.id(), Suppressions.toBytes(s));
        listener.created(s);
        return s;
    }

    /**
     * Deletes a suppression (a tombstone on the journal).
     *
     * @param actor the token name of whoever deletes it
     * @throws dev.quarry.dashboard.journal.JournalUnavailableException when the journal cannot take it
     */
    public void delete(Suppression s, String actor) {
        journal.append(s.id(), null);
        listener.deleted(s, actor);
    }

    private static String newId() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return "sup_" + HexFormat.of().formatHex(b);
    }

    private void read(String id, byte[] value) {
        synchronized (this) {
            current = value == null ? current.without(id) : current.with(Suppressions.fromBytes(value));
        }
    }
}
