package dev.quarry.detectors.suppression;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.cluster.DatasetSplitDetector;
import dev.quarry.detectors.cluster.HydraClusterDetector;
import dev.quarry.detectors.detector.DetectorRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of {@link Suppression}s indexed by the client and the organisation they name, so that the
 * topology finds those of an event's client with two map lookups. Also the JSON form of a list of
 * suppressions: what {@code GET /api/suppressions} returns and {@code replay --suppressions}
 * reads. Immutable and thread-safe.
 */
public final class Suppressions {
    private static final Suppressions NONE = new Suppressions(Map.of());
    private static final TypeReference<List<Suppression>> LIST = new TypeReference<>() {};
    private static final Comparator<Suppression> BY_ID = Comparator.comparing(Suppression::id);

    private final Map<String, Suppression> byId;
    private final Map<String, List<Suppression>> byClient = new HashMap<>();
    private final Map<String, List<Suppression>> byOrg = new HashMap<>();

    private Suppressions(Map<String, Suppression> byId) {
        this.byId = Map.copyOf(byId);
        for (Suppression s : this.byId.values()) {
            (s.clientId() != null ? byClient : byOrg)
                    .computeIfAbsent(s.clientId() != null ? s.clientId() : s.orgId(), k -> new ArrayList<>()).add(s);
        }
        byClient.values().forEach(l -> l.sort(BY_ID));
        byOrg.values().forEach(l -> l.sort(BY_ID));
    }

    /** No suppressions. */
    public static Suppressions none() {
        return NONE;
    }

    /** These suppressions; of two with one id the later wins. */
    public static Suppressions of(Collection<Suppression> suppressions) {
        Map<String, Suppression> m = new HashMap<>();
        suppressions.forEach(s -> m.put(s.id(), s));
        return m.isEmpty() ? NONE : new Suppressions(m);
    }

    /** This set with {@code s} added, or replacing the one with its id. */
    public Suppressions with(Suppression s) {
        Map<String, Suppression> m = new HashMap<>(byId);
        m.put(s.id(), s);
        return new Suppressions(m);
    }

    /** This set without the suppression of that id. */
    public Suppressions without(String id) {
        if (!byId.containsKey(id)) {
            return this;
        }
        Map<String, Suppression> m = new HashMap<>(byId);
        m.remove(id);
        return m.isEmpty() ? NONE : new Suppressions(m);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }

    /** The suppression of that id, or null. */
    public Suppression get(String id) {
        return byId.get(id);
    }

    /** Every suppression, oldest first (by {@code created_at}, then id). */
    public List<Suppression> all() {
        return byId.values().stream()
                .sorted(Comparator.comparingLong(Suppression::createdAt).thenComparing(Suppression::id)).toList();
    }

    /**
     * What applies to an event of {@code clientId} (of organisation {@code orgId}, may be null) at
     * event time {@code ts}: the suppressions naming the client or the organisation that have not
     * expired by then.
     */
    public Hold holdFor(String clientId, String orgId, long ts) {
        if (byId.isEmpty()) {
            return Hold.NONE;
        }
        List<Suppression> client = byClient.getOrDefault(clientId, List.of());
        List<Suppression> org = orgId == null ? List.of() : byOrg.getOrDefault(orgId, List.of());
        if (client.isEmpty() && org.isEmpty()) {
            return Hold.NONE;
        }
        List<Suppression> active = new ArrayList<>(client.size() + org.size());
        for (Suppression s : client) {
            if (s.activeAt(ts)) {
                active.add(s);
            }
        }
        for (Suppression s : org) {
            if (s.activeAt(ts)) {
                active.add(s);
            }
        }
        if (active.isEmpty()) {
            return Hold.NONE;
        }
        active.sort(BY_ID);
        return new Hold(active);
    }

    /**
     * The detector names a suppression may hold back: the registry's client detectors and the
     * cross-client ones that alert on clients ({@code hydra_cluster}, {@code pooled_capability_coverage},
     * {@code dataset_split}).
     */
    public static Set<String> detectorNames(DetectorRegistry registry) {
        Set<String> names = new LinkedHashSet<>(registry.names());
        names.add(HydraClusterDetector.NAME);
        names.add(HydraClusterDetector.POOLED_SWEEP);
        names.add(DatasetSplitDetector.NAME);
        return Set.copyOf(names);
    }

    /** One suppression as the JSON record of the suppressions topic. */
    public static byte[] toBytes(Suppression s) {
        try {
            return AlertJson.mapper().writeValueAsBytes(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record of the suppressions topic. */
    public static Suppression fromBytes(byte[] json) {
        try {
            return AlertJson.mapper().readValue(json, Suppression.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a JSON array of suppressions, as {@code GET /api/suppressions} returns it.
     *
     * @throws IllegalArgumentException naming the file when it is no such array
     */
    public static Suppressions readFile(Path file) {
        try {
            return of(AlertJson.mapper().readValue(Files.readAllBytes(file), LIST));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read suppressions from " + file
                    + ": expected the JSON array GET /api/suppressions returns (" + e.getMessage() + ")", e);
        }
    }
}
