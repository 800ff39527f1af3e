package dev.quarry.dashboard.store;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.Severity;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's alert store: a Lucene index on disk holding every version of every alert.
 *
 * <p>Versions: one ongoing attack is one {@code alert_id}; each escalation is a new version. The
 * store keeps all versions as history and the highest version as the alert's current state, so
 * versions may arrive in any order and more than once: putting the same id and version twice keeps
 * one copy, and an older version never replaces a newer one as current.
 *
 * <p>Visibility and durability: a {@link #put} is visible to every query that starts after it
 * returns (near-real-time reader, refreshed after each write). It is durable after the next commit,
 * which happens on a schedule (every second by default) and on {@link #close}; a crash loses at most
 * that interval.
 *
 * <p>Retention: {@link #retainFor} deletes, now and every hour, the versions whose time
 * ({@link Alert#ts()}, the triggering event's) is older than the retention; an alert whose newest
 * version is that old disappears, a newer one keeps its recent history.
 *
 * <p>Thread-safe: writes are serialised, queries run concurrently with writes and each other. One
 * store per directory: opening a second store on a directory in use fails.
 */
public final class AlertStore implements Closeable {
    /** How often pending writes are committed when no interval is given. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** Most current alerts a {@link ClientView} lists. */
    public static final int CLIENT_ALERTS_LIMIT = 500;
    /** Most signal points a {@link ClientView} carries (the newest ones). */
    public static final int CLIENT_SIGNALS_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AlertStore.class);
    /** Prefix of the commit-data entries holding source positions. */
    private static final String POSITION = "position.";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final ScheduledExecutorService committer;
    private final Object writeLock = new Object();

    private AlertStore(Directory directory, IndexWriter writer, Analyzer analyzer, Duration commitInterval)
            throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.analyzer = analyzer;
        this.searchers = new SearcherManager(writer, null);
        this.committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-store-commit");
            t.setDaemon(true);
            return t;
        });
        long millis = commitInterval.toMillis();
        committer.scheduleWithFixedDelay(this::commitQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Opens or creates the store in {@code dir}, committing every {@link #DEFAULT_COMMIT_INTERVAL}. */
    public static AlertStore open(Path dir) throws IOException {
        return open(dir, DEFAULT_COMMIT_INTERVAL);
    }

    /**
     * Opens or creates the store in {@code dir}.
     *
     * @param commitInterval how often pending writes are made durable; positive
     * @throws IOException when the directory cannot be opened or another store holds it
     */
    public static AlertStore open(Path dir, Duration commitInterval) throws IOException {
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be positive: " + commitInterval);
        }
        Directory directory = FSDirectory.open(dir);
        Analyzer analyzer = new StandardAnalyzer();
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            IndexWriter writer = new IndexWriter(directory, config);
            try {
                return new AlertStore(directory, writer, analyzer, commitInterval);
            } catch (IOException | RuntimeException e) {
                writer.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Stores one alert version; see the class comment for versions and visibility.
     *
     * @throws UncheckedIOException when the index cannot be written
     */
    public void put(Alert alert) {
        putAll(List.of(alert));
    }

    /** Stores several alert versions with a single reader refresh; cheaper than one put each. */
    public void putAll(Collection<Alert> alerts) {
        putAll(alerts, Map.of());
    }

    /**
     * Stores several alert versions and records how far their source has been read: {@code
     * positions} (e.g. {@code topic-partition -> next offset}) are kept with the index's commits, so
     * after a restart {@link #positions()} gives the positions of the writes that were made durable.
     * A commit never holds positions ahead of its alerts (they are set after the writes, under the
     * same lock); it may hold positions behind them, so a reader resumes at most a few alerts early,
     * which the store absorbs (one document per alert id and version).
     */
    public void putAll(Collection<Alert> alerts, Map<String, Long> positions) {
        synchronized (writeLock) {
            putAllLocked(alerts);
            if (!positions.isEmpty()) {
                Map<String, String> data = new TreeMap<>();
                Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
                if (live != null) {
                    live.forEach(e -> data.put(e.getKey(), e.getValue()));
                }
                positions.forEach((k, v) -> data.put(POSITION + k, Long.toString(v)));
                writer.setLiveCommitData(data.entrySet());
            }
        }
    }

    /** The source positions recorded with the writes so far (see {@link #putAll(Collection, Map)}). */
    public Map<String, Long> positions() {
        synchronized (writeLock) {
            Map<String, Long> out = new TreeMap<>();
            Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
            if (live != null) {
                for (Map.Entry<String, String> e : live) {
                    if (e.getKey().startsWith(POSITION)) {
                        try {
                            out.put(e.getKey().substring(POSITION.length()), Long.parseLong(e.getValue()));
                        } catch (NumberFormatException bad) {
                            LOG.warn("Ignoring an unreadable position in the alert index: {}", e.getKey());
                        }
                    }
                }
            }
            return out;
        }
    }

    /** Call under {@code writeLock}. */
    private void putAllLocked(Collection<Alert> alerts) {
        try {
            Map<String, Alert> newest = new HashMap<>();
            for (Alert alert : alerts) {
                writer.updateDocument(AlertDocuments.versionKey(alert), AlertDocuments.versionDocument(alert));
                newest.merge(alert.alertId(), alert, (a, b) -> b.version() >= a.version() ? b : a);
            }
            // The searcher reflects every earlier putAll (each ends with a refresh), and current
            // documents change only below, under the same lock: the lookup cannot be stale.
            for (Alert alert : newest.values()) {
                if (alert.version() >= currentVersion(alert.alertId())) {
                    writer.updateDocument(AlertDocuments.currentKey(alert.alertId()),
                            AlertDocuments.currentDocument(alert));
                }
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index alerts", e);
        }
    }

    /** The current (highest) version of an alert. */
    public Optional<Alert> get(String alertId) {
        return withSearcher(s -> {
            TopDocs hits = s.search(AlertQueries.currentOf(alertId), 1);
            return hits.scoreDocs.length == 0
                    ? Optional.empty()
                    : Optional.of(AlertDocuments.alert(s.storedFields().document(hits.scoreDocs[0].doc)));
        });
    }

    /** Every stored version of an alert, lowest version first; empty for an unknown id. */
    public List<Alert> history(String alertId) {
        return withSearcher(s -> alerts(s, AlertQueries.versionsOf(alertId), 0, Integer.MAX_VALUE, AlertQueries.BY_VERSION));
    }

    /**
     * Current alerts matching {@code query}, newest first.
     *
     * @throws InvalidQueryException when the free text cannot be parsed
     */
    public AlertPage search(AlertQuery query) {
        Query lucene = AlertQueries.search(query, analyzer);
        return withSearcher(s -> {
            try {
                long total = s.count(lucene);
                List<Alert> items = alerts(s, lucene, query.offset(), query.limit(), AlertQueries.NEWEST_FIRST);
                return new AlertPage(total, query.offset(), query.limit(), items);
            } catch (IndexSearcher.TooManyClauses e) {
                throw new InvalidQueryException("query '" + query.text() + "' matches too many terms", e);
            }
        });
    }

    /** A client's alerts, including cluster alerts it is a member of, and its signal history. */
    public ClientView client(String clientId) {
        return withSearcher(s -> {
            List<Alert> current = alerts(s, AlertQueries.ofClient(AlertDocuments.CURRENT, clientId),
                    0, CLIENT_ALERTS_LIMIT, AlertQueries.NEWEST_FIRST);
            Query versions = AlertQueries.ofClient(AlertDocuments.VERSION_DOC, clientId);
            int total = s.count(versions);
            int skip = Math.max(0, total - CLIENT_SIGNALS_LIMIT);
            List<Alert> versionList = alerts(s, versions, skip, CLIENT_SIGNALS_LIMIT, AlertQueries.OLDEST_FIRST);
            List<SignalPoint> signals = versionList.stream().map(SignalPoint::of).toList();
            return new ClientView(clientId, current, signals, ClientActivity.of(clientId, versionList));
        });
    }

    /** A cluster's alerts (those whose subject is the cluster), the members and keys they name, its volume. */
    public ClusterView cluster(String clusterId) {
        return withSearcher(s -> {
            List<Alert> current = alerts(s, AlertQueries.ofCluster(AlertDocuments.CURRENT, clusterId),
                    0, CLIENT_ALERTS_LIMIT, AlertQueries.NEWEST_FIRST);
            Query versions = AlertQueries.ofCluster(AlertDocuments.VERSION_DOC, clusterId);
            int total = s.count(versions);
            int skip = Math.max(0, total - CLIENT_SIGNALS_LIMIT);
            return ClusterView.of(clusterId, current,
                    alerts(s, versions, skip, CLIENT_SIGNALS_LIMIT, AlertQueries.OLDEST_FIRST));
        });
    }

    /**
     * Current alerts matching {@code query}, newest first, read from one snapshot of the index:
     * the first {@code max}, ignoring the query's offset and limit (for exports and overviews).
     *
     * @throws InvalidQueryException when the free text cannot be parsed
     */
    public List<Alert> matching(AlertQuery query, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        Query lucene = AlertQueries.search(query, analyzer);
        return withSearcher(s -> {
            try {
                return alerts(s, lucene, 0, max, AlertQueries.NEWEST_FIRST);
            } catch (IndexSearcher.TooManyClauses e) {
                throw new InvalidQueryException("query '" + query.text() + "' matches too many terms", e);
            }
        });
    }

    /** How many alerts currently have each severity; every severity is present, zeros included. */
    public Map<Severity, Long> countsBySeverity() {
        return withSearcher(s -> {
            Map<Severity, Long> counts = new EnumMap<>(Severity.class);
            for (Severity severity : Severity.values()) {
                counts.put(severity, (long) s.count(AlertQueries.currentWithSeverity(severity)));
            }
            return counts;
        });
    }

    /** How often {@link #retainFor} deletes expired versions after its first run. */
    public static final Duration RETENTION_CHECK_INTERVAL = Duration.ofHours(1);

    /**
     * Deletes the versions older than {@code retention} by {@code clock} now, then every
     * {@link #RETENTION_CHECK_INTERVAL}, until the store closes. Failures are logged and retried at
     * the next run.
     */
    public void retainFor(Duration retention, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        committer.scheduleWithFixedDelay(() -> {
            try {
                long deleted = deleteOlderThan(clock.millis() - retention.toMillis());
                if (deleted > 0) {
                    LOG.info("Deleted {} alert versions older than the retention ({})", deleted, retention);
                }
            } catch (RuntimeException e) {
                LOG.warn("Deleting expired alerts failed", e);
            }
        }, 0, RETENTION_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes every version document, and every current one, whose alert time is before
     * {@code cutoffMillis}; visible to queries when it returns, durable at the next commit.
     *
     * @return the documents deleted (versions and current ones)
     */
    public long deleteOlderThan(long cutoffMillis) {
        Query expired = LongPoint.newRangeQuery(AlertDocuments.TS, Long.MIN_VALUE, cutoffMillis - 1);
        synchronized (writeLock) {
            try {
                long count = withSearcher(s -> (long) s.count(expired));
                if (count > 0) {
                    writer.deleteDocuments(expired);
                    searchers.maybeRefreshBlocking();
                }
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete expired alerts", e);
            }
        }
    }

    /** Makes every write so far durable now instead of at the next scheduled commit. */
    public void commit() throws IOException {
        writer.commit();
    }

    /** Commits pending writes and releases the directory. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            if (!writer.isOpen()) {
                return;
            }
            // Not shutdownNow: interrupting a commit in progress can make Lucene close the writer.
            committer.shutdown();
            try {
                committer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                searchers.close();
                writer.close(); // commits
            } finally {
                directory.close();
            }
        }
    }

    private int currentVersion(String alertId) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs hits = s.search(AlertQueries.currentOf(alertId), 1);
            return hits.scoreDocs.length == 0
                    ? 0
                    : AlertDocuments.version(s.storedFields().document(hits.scoreDocs[0].doc));
        } finally {
            searchers.release(s);
        }
    }

    private static List<Alert> alerts(IndexSearcher s, Query query, int offset, int limit, Sort sort)
            throws IOException {
        int wanted = (int) Math.min((long) offset + limit, Math.max(1, s.count(query)));
        ScoreDoc[] hits = s.search(query, wanted, sort).scoreDocs;
        List<Alert> alerts = new ArrayList<>(Math.max(0, hits.length - offset));
        for (int i = offset; i < hits.length; i++) {
            alerts.add(AlertDocuments.alert(s.storedFields().document(hits[i].doc)));
        }
        return alerts;
    }

    private void commitQuietly() {
        try {
            if (writer.hasUncommittedChanges()) {
                writer.commit();
            }
        } catch (IOException | RuntimeException e) {
            // Keep the schedule alive: the next tick or close() retries.
            LOG.warn("Scheduled commit of the alert index failed", e);
        }
    }

    private <T> T withSearcher(SearcherFunction<T> fn) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return fn.apply(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alert index", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                LOG.warn("Cannot release an alert index searcher", e);
            }
        }
    }

    @FunctionalInterface
    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
