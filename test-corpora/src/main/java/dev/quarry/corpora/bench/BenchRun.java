package dev.quarry.corpora.bench;

import dev.quarry.corpora.broker.EmbeddedKafka;
import dev.quarry.dashboard.KafkaSettings;
import dev.quarry.dashboard.runtime.EventPublisher;
import dev.quarry.dashboard.runtime.StreamsSettings;
import dev.quarry.dashboard.runtime.TemporaryDirectories;
import dev.quarry.dashboard.runtime.TopicAdmin;
import dev.quarry.detectors.PipelineCounters;
import dev.quarry.detectors.QuarryTopology;
import dev.quarry.detectors.config.DetectionConfig;
import dev.quarry.detectors.config.TopicNames;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The throughput harness behind {@code quarry bench}. On one broker (embedded, or an outside one
 * given by its bootstrap servers), for each client count or round: produces the corpus once to an
 * input topic, then runs over that topic three topologies in turn, each with its own application
 * id and state directory and the same Streams settings ({@code exactly_once_v2}, commit interval,
 * record cache, RocksDB with changelogs): the {@link PassThroughTopology} (parse and forward), the
 * {@link QuarryTopology#withoutDetectors no-detector topology} (parse, by-client route, dedup and
 * the profile store) and the full {@link QuarryTopology}. A stage is timed from its first record
 * seen processed to its last, counted in-process, as replay does, and charged the whole
 * process's CPU time meanwhile: every thread, GC and JIT; the CPU time of its start-up, before
 * that first record, is reported apart. With an outside broker (its own process,
 * ideally pinned to another core) that is the topology's cost alone; with the embedded broker
 * the broker's share is in it too. Heap used after GC is sampled before the full topology starts
 * and after it has processed everything; the full topology's stores are measured on disk after it
 * closed. Each round's state directories are deleted before the next. Its topics stay on the
 * broker: in one run on a loaded machine, deleting them just before the next client count was
 * produced coincided with that produce timing out, so the harness deletes nothing on a live broker.
 *
 * <p>Not thread-safe: one run per instance.
 */
public final class BenchRun {
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> STORES = List.of(QuarryTopology.PROFILE_STORE, QuarryTopology.SEEN_STORE);

    private final KafkaSettings kafka;
    private final DetectionConfig detection;
    private final QuarryTopology.Inputs inputs;
    private final String bootstrap;
    private final Consumer<String> progress;

    /**
     * @param kafka Streams settings of every topology (guarantee, threads, partitions, commit
     *     interval, cache); the state directory is always temporary
     * @param inputs the parts the detection topologies are built with (reference sets, privacy);
     *     the events topic's partition count is set here
     * @param bootstrap an outside broker's bootstrap servers, or null for an embedded one
     * @param progress receives a line every two seconds while a stage runs
     */
    public BenchRun(KafkaSettings kafka, DetectionConfig detection, QuarryTopology.Inputs inputs, String bootstrap,
            Consumer<String> progress) {
        this.kafka = kafka;
        this.detection = detection;
        this.inputs = inputs.withEventsPartitions(kafka.partitions());
        this.bootstrap = bootstrap;
        this.progress = progress;
    }

    /**
     * Runs every client count in order and reports them.
     *
     * @param warmupEvents events of an unreported first round (half as many clients, two events
     *     each), so that JIT compilation of the topologies is not charged to the first row; 0 for none
     */
    public BenchReport run(List<Integer> clientCounts, int eventsPerClient, long seed, int warmupEvents)
            throws InterruptedException {
        List<BenchReport.Row> rows = new ArrayList<>();
        onBroker(servers -> {
            if (warmupEvents > 0) {
                warmUp(servers, new SyntheticCorpus(Math.max(1, warmupEvents / 2), 2, seed + 1));
            }
            for (int clients : clientCounts) {
                rows.add(runOne(servers, new SyntheticCorpus(clients, eventsPerClient, seed)));
            }
        });
        return new BenchReport(seed, eventsPerClient, environment(warmupEvents), rows);
    }

    /**
     * Runs {@code rounds} rounds on a recorded corpus (e.g. {@code quarry generate} output), each
     * on fresh topics and state, after an unreported warm-up round on the corpus's first
     * {@code warmupEvents} events (the same code paths as the rounds, so the JIT has compiled
     * them); every round is reported. The report's events per client is the corpus's mean.
     */
    public BenchReport run(FileCorpus corpus, int rounds, long seed, int warmupEvents) throws InterruptedException {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
        }
        List<BenchReport.Row> rows = new ArrayList<>();
        onBroker(servers -> {
            if (warmupEvents > 0) {
                warmUp(servers, corpus.head(warmupEvents));
            }
            for (int i = 0; i < rounds; i++) {
                rows.add(runOne(servers, corpus));
            }
        });
        Map<String, Object> env = environment(warmupEvents);
        env.put("corpus_invalid_lines_skipped", corpus.invalidLines());
        return new BenchReport(seed, (int) Math.round((double) corpus.size() / corpus.clients()), env, rows);
    }

    @FunctionalInterface
    private interface OnBroker {
        void run(String bootstrapServers) throws InterruptedException;
    }

    /** Runs {@code body} against the outside broker, or against an embedded one started for it. */
    private void onBroker(OnBroker body) throws InterruptedException {
        if (bootstrap != null) {
            body.run(bootstrap);
            return;
        }
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            body.run(broker.bootstrapServers());
        }
    }

    /** The unreported first round. */
    private void warmUp(String servers, BenchCorpus corpus) throws InterruptedException {
        progress.accept(String.format(Locale.ROOT, "warm-up (not reported): %,d events", corpus.size()));
        runOne(servers, corpus);
    }

    private Map<String, Object> environment(int warmupEvents) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("warmup_events", warmupEvents);
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        env.put("broker", bootstrap == null ? "embedded (in this process)" : "outside: " + bootstrap);
        env.put("processing_guarantee", kafka.processingGuarantee());
        env.put("stream_threads", kafka.streamThreads());
        env.put("partitions", kafka.partitions());
        env.put("commit_interval", kafka.commitInterval().toString());
        env.put("cache_max_bytes", kafka.cacheMaxBytes());
        env.put("reference_items", inputs.reference().size());
        return env;
    }

    private BenchReport.Row runOne(String bootstrap, BenchCorpus corpus) throws InterruptedException {
        String run = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-" + corpus.clients();
        TopicNames topics = new TopicNames(run + ".events", run + ".dlq", run + ".alerts")
                .suppressions(run + ".suppressions").peerStats(run + ".peer-stats");
        String passOut = run + ".pass-through";
        TemporaryDirectories temporary = new TemporaryDirectories();
        try {
            try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
                Map<String, Integer> partitions = topics.withPartitions(kafka.partitions());
                partitions.put(passOut, kafka.partitions());
                // The topology reads its suppressions topic at start-up; a bench run has none in it.
                partitions.put(topics.suppressions(), 1);
                admin.createMissing(partitions, (short) 1, Map.of("retention.ms", "-1"));
            }
            progress.accept(String.format(Locale.ROOT, "%,d clients: producing %,d events", corpus.clients(), corpus.size()));
            long t0 = System.nanoTime();
            try (EventPublisher publisher = new EventPublisher(bootstrap, topics.events(), false)) {
                for (InferenceEvent e : corpus) {
                    publisher.send(e);
                }
                publisher.flush();
            }
            double produceSeconds = (System.nanoTime() - t0) / 1e9;
            long n = corpus.size();

            PassThroughTopology pass = new PassThroughTopology(topics.events(), passOut,
                    new EventParser(detection.deadLetterRawChars()));
            BenchReport.Stage passStage;
            KafkaStreams passStreams = new KafkaStreams(pass.build(), props(bootstrap, run + "-pass-through", temporary));
            try {
                passStage = timeStage("pass-through", passStreams, pass::processed, n);
            } finally {
                passStreams.close(Duration.ofSeconds(60));
            }

            PipelineCounters plainCounters = new PipelineCounters();
            BenchReport.Stage plainStage;
            try (QuarryTopology plain = QuarryTopology.withoutDetectors(detection, topics, plainCounters, inputs)) {
                KafkaStreams streams = new KafkaStreams(plain.build(), props(bootstrap, run + "-no-detector", temporary));
                try {
                    plainStage = timeStage("no-detector", streams, () -> handled(plainCounters), n);
                } finally {
                    streams.close(Duration.ofSeconds(120));
                }
            }

            long heapBefore = heapAfterGc();
            PipelineCounters counters = new PipelineCounters();
            Properties fullProps = props(bootstrap, run + "-full", temporary);
            Path stateDir = Path.of(fullProps.getProperty(StreamsConfig.STATE_DIR_CONFIG));
            QuarryTopology topology = new QuarryTopology(detection, topics, counters, inputs);
            KafkaStreams full = new KafkaStreams(topology.build(), fullProps);
            BenchReport.Stage fullStage;
            long heapAfter;
            try {
                fullStage = timeStage("full", full, () -> handled(counters), n);
                heapAfter = heapAfterGc();
            } finally {
                // Leaving the group lets the restarted instance below be assigned at once, instead
                // of after this member's session expires (45 s), which would be timed as restore.
                full.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(120)));
                topology.close();
            }
            if (corpus.allUniqueAndValid() && (counters.deadLetters() > 0 || counters.duplicates() > 0)) {
                throw new IllegalStateException("the synthetic corpus should be all valid and unique: " + counters.snapshot());
            }
            Map<String, Long> state = StateStoreSizes.of(stateDir, STORES);
            BenchReport.Restore restore = timeRestore(bootstrap, run + "-full", fullProps, stateDir, topics);
            BenchReport.Row row = new BenchReport.Row(corpus.clients(), n, produceSeconds, passStage, plainStage,
                    fullStage, (heapAfter - heapBefore) / corpus.clients(), state, restore);
            progress.accept(String.format(Locale.ROOT,
                    "%,d clients: CPU us/event pass-through %,.1f, no-detector %,.1f, full %,.1f (JIT %.1f / %.1f / %.1f s;"
                            + " start-up CPU %.1f / %.1f / %.1f s);"
                            + " ev/s %,.0f / %,.0f / %,.0f; %,d heap B/client, %,.0f state B/client",
                    corpus.clients(), passStage.cpuMicrosPerEvent(), plainStage.cpuMicrosPerEvent(),
                    fullStage.cpuMicrosPerEvent(), passStage.compileSeconds(), plainStage.compileSeconds(),
                    fullStage.compileSeconds(), passStage.startupCpuSeconds(), plainStage.startupCpuSeconds(),
                    fullStage.startupCpuSeconds(), passStage.eventsPerSecond(), plainStage.eventsPerSecond(),
                    fullStage.eventsPerSecond(), row.heapBytesPerClient(), row.stateBytesPerClient()));
            progress.accept(String.format(Locale.ROOT,
                    "%,d clients: restore of %,.1f MiB of changelog (%,d records) after the state dir was deleted: %.1f s"
                            + " (%,.0f s per GiB), %.1f s from start-up, %.1f CPU s", corpus.clients(),
                    restore.changelogBytes() / 1048576.0, restore.records(), restore.seconds(), restore.secondsPerGib(),
                    restore.sinceStartSeconds(), restore.cpuSeconds()));
            return row;
        } finally {
            temporary.stop();
        }
    }

    /**
     * Deletes the full topology's state directory and starts it again on the same application id,
     * as a server that lost its disk does: it restores every store from its changelog topic before
     * it processes anything (the input is consumed already). The restore is timed from the first
     * store's start to the last one's end; the time to that end from start-up is reported beside
     * it, since it also holds the wait for the closed instance's group membership to expire.
     */
    private BenchReport.Restore timeRestore(String bootstrap, String applicationId, Properties props, Path stateDir,
            TopicNames topics) throws InterruptedException {
        long changelogBytes = changelogBytes(bootstrap, applicationId);
        TemporaryDirectories.deleteRecursively(stateDir);
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        AtomicLong records = new AtomicLong();
        AtomicLong firstStart = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        try (QuarryTopology topology = new QuarryTopology(detection, topics, new PipelineCounters(), inputs)) {
            KafkaStreams streams = new KafkaStreams(topology.build(), props);
            streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                    firstStart.compareAndSet(0, System.nanoTime());
                    begun.incrementAndGet();
                }

                @Override
                public void onBatchRestored(TopicPartition partition, String store, long end, long batch) {
                    records.addAndGet(batch);
                }

                @Override
                public void onRestoreEnd(TopicPartition partition, String store, long total) {
                    lastEnd.set(System.nanoTime());
                    ended.incrementAndGet();
                }
            });
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            streams.start();
            try {
                // Done when every restore begun has ended and, a second later, no other has begun.
                int settled = -1;
                while (true) {
                    boolean done = streams.state() == KafkaStreams.State.RUNNING && begun.get() > 0
                            && ended.get() >= begun.get();
                    if (done && settled == begun.get()) {
                        break;
                    }
                    settled = done ? begun.get() : -1;
                    if (System.nanoTime() - t0 > STALL_TIMEOUT.toNanos() || streams.state() == KafkaStreams.State.ERROR) {
                        throw new IllegalStateException("restore did not finish: " + streams.state() + ", "
                                + ended.get() + " of " + begun.get() + " store partitions");
                    }
                    Thread.sleep(done ? 1_000 : 5);
                }
                return new BenchReport.Restore(changelogBytes, records.get(), (lastEnd.get() - firstStart.get()) / 1e9,
                        (lastEnd.get() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
            } finally {
                streams.close(Duration.ofSeconds(120));
            }
        }
    }

    /** Bytes of {@code applicationId}'s changelog topics in the broker's log directories. */
    private static long changelogBytes(String bootstrap, String applicationId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                        String topic = r.getKey().topic();
                        if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                            bytes += r.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the broker's log directories", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records a detection topology has finished with: processed, duplicates and dead letters. */
    private static long handled(PipelineCounters counters) {
        return Math.min(counters.recordsRead(), counters.eventsProcessed() + counters.duplicates() + counters.deadLetters());
    }

    private Properties props(String bootstrap, String applicationId, TemporaryDirectories temporary) {
        KafkaSettings settings = new KafkaSettings();
        settings.processingGuarantee(kafka.processingGuarantee());
        settings.streamThreads(kafka.streamThreads());
        settings.commitInterval(kafka.commitInterval());
        settings.cacheMaxBytes(kafka.cacheMaxBytes());
        settings.replicationFactor((short) 1);
        settings.properties(kafka.properties());
        settings.stateDir("");
        return StreamsSettings.streamsProperties(settings, bootstrap, applicationId, temporary);
    }

    /**
     * Starts the topology and waits until {@code done} reaches {@code n}. The stage's clock, CPU
     * time and JIT time run from the first record seen processed to the last, so that its per-event
     * figures are the steady state's: the CPU time spent before the first record (building the
     * topology, opening its stores, joining the group, starting transactions) is reported apart.
     */
    private BenchReport.Stage timeStage(String name, KafkaStreams streams, LongSupplier done, long n)
            throws InterruptedException {
        long cpuStart = processCpuNanos();
        streams.start();
        long first = 0;
        long countAtFirst = 0;
        long cpu0 = 0;
        long jit0 = 0;
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        long lastReport = System.nanoTime();
        while (true) {
            long count = done.getAsLong();
            long now = System.nanoTime();
            if (first == 0 && count > 0) {
                first = now;
                countAtFirst = count;
                cpu0 = processCpuNanos();
                jit0 = compileMillis();
            }
            if (count >= n) {
                // All n at the first look (a tiny input): the window is empty, so charge the whole stage.
                if (countAtFirst >= n) {
                    return new BenchReport.Stage(n, 0, (processCpuNanos() - cpuStart) / 1e9, 0, 0);
                }
                return new BenchReport.Stage(n - countAtFirst, (now - first) / 1e9, (processCpuNanos() - cpu0) / 1e9,
                        (compileMillis() - jit0) / 1e3, (cpu0 - cpuStart) / 1e9);
            }
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            } else if (now - lastProgress > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException(name + " topology stalled at " + count + " of " + n + " events");
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException(name + " topology stopped: " + streams.state());
            }
            if (now - lastReport > 2_000_000_000L) {
                lastReport = now;
                double secs = first == 0 ? 0 : (now - first) / 1e9;
                progress.accept(String.format(Locale.ROOT, "  %s: %,d of %,d events (%,.0f ev/s)", name, count, n,
                        secs == 0 ? 0 : count / secs));
            }
            Thread.sleep(2);
        }
    }

    /** CPU time of this JVM so far (every thread: broker, topology, JIT, GC), or 0 where unknown. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /**
     * Time the JIT compilers spent so far, in ms (0 where unknown). On a small machine the compiler
     * threads take a large share of the CPU for minutes after start-up, in both topologies; the
     * bench reports it per stage so a ratio measured while the JIT was still busy can be told apart.
     */
    private static long compileMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Heap used after asking for full collections until the figure settles. */
    static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(used - now) < (1 << 20)) {
                return Math.min(used, now);
            }
            used = now;
        }
        return used;
    }
}
