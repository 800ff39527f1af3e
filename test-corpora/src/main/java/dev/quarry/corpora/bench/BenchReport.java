package dev.quarry.corpora.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@code bench} run measured: one {@link Row} per client count or round, all on one
 * broker and in one process, so the rows compare like with like even on a noisy machine. The
 * figure that survives a shared machine is CPU time per event; events/s is wall-clock. Written as
 * {@code bench.json} (for tools) and {@code bench.md} (for people). Immutable and thread-safe.
 *
 * @param environment what the run ran on: cores, JVM, max heap, processing guarantee
 */
public record BenchReport(long seed, int eventsPerClient, Map<String, Object> environment, List<Row> rows) {
    public static final String JSON_FILE = "bench.json";
    public static final String MARKDOWN_FILE = "bench.md";

    public BenchReport {
        environment = Map.copyOf(environment);
        rows = List.copyOf(rows);
    }

    /**
     * One client count.
     *
     * @param produceSeconds time to generate the corpus and have the broker acknowledge it
     * @param passThrough parse and forward ({@link PassThroughTopology})
     * @param noDetector the detection topology without detectors: parse, by-client route, dedup,
     *     profile store
     * @param full the detection topology
     * @param heapBytesPerClient heap used after GC once every event was processed, minus the same
     *     before the full topology started, per client (negative values are GC noise)
     * @param stateBytes on-disk bytes of each of the full topology's stores after it closed
     * @param restore the full topology's state restored from its changelogs, or null when not measured
     */
    public record Row(int clients, long events, double produceSeconds, Stage passThrough, Stage noDetector,
            Stage full, long heapBytesPerClient, Map<String, Long> stateBytes, Restore restore) {
        public Row {
            stateBytes = Map.copyOf(new LinkedHashMap<>(stateBytes));
        }

        public Row(int clients, long events, double produceSeconds, Stage passThrough, Stage noDetector, Stage full,
                long heapBytesPerClient, Map<String, Long> stateBytes) {
            this(clients, events, produceSeconds, passThrough, noDetector, full, heapBytesPerClient, stateBytes, null);
        }

        /** Full topology throughput over the pass-through baseline's, same run. */
        public double ratio() {
            return full.eventsPerSecond() / passThrough.eventsPerSecond();
        }

        public long stateBytesTotal() {
            return stateBytes.values().stream().mapToLong(Long::longValue).sum();
        }

        public double stateBytesPerClient() {
            return (double) stateBytesTotal() / clients;
        }
    }

    /**
     * The full topology started again on the same application id after its state directory was
     * deleted, restoring its stores from their changelog topics.
     *
     * @param changelogBytes bytes of the application's changelog topics on the broker's disks
     * @param records changelog records restored
     * @param seconds from the first store's restore start to the last one's end
     * @param sinceStartSeconds from start-up to the last restore's end (group join included)
     * @param cpuSeconds CPU time of the whole process from start-up until the restore was seen done
     */
    public record Restore(long changelogBytes, long records, double seconds, double sinceStartSeconds,
            double cpuSeconds) {
        /** Seconds per GiB (2^30 bytes) of changelog. */
        public double secondsPerGib() {
            return seconds / Math.max(1e-9, changelogBytes / (double) (1L << 30));
        }
    }

    /**
     * One topology's pass over the input topic: from its first record seen processed to its last.
     *
     * @param events the events processed in that window (those processed before the first look at
     *     the count are left out, as is the CPU time they took)
     * @param cpuSeconds CPU time of the whole process during the window (every thread, JIT and GC;
     *     the broker's too when it is embedded)
     * @param compileSeconds time the JIT compilers spent during the window (part of {@code cpuSeconds})
     * @param startupCpuSeconds CPU time of the whole process from the topology's start to its first
     *     record (building it, opening its stores, joining the group), not in {@code cpuSeconds}
     */
    public record Stage(long events, double seconds, double cpuSeconds, double compileSeconds,
            double startupCpuSeconds) {
        public double eventsPerSecond() {
            return events / Math.max(1e-6, seconds);
        }

        /** Process CPU time per event, in microseconds: the cost of an event on a saturated machine. */
        public double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / Math.max(1, events);
        }

        /** Events one fully used core would process: one second over the CPU time per event. */
        public double eventsPerCoreSecond() {
            return events / Math.max(1e-6, cpuSeconds);
        }
    }

    /** The report as a JSON tree of plain maps and lists. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("events_per_client", eventsPerClient);
        root.put("environment", new TreeMap<>(environment));
        root.put("rows", rows.stream().map(BenchReport::rowJson).toList());
        return root;
    }

    private static Map<String, Object> rowJson(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", r.clients());
        m.put("events", r.events());
        m.put("produce_seconds", round(r.produceSeconds()));
        m.put("pass_through_events_per_second", round(r.passThrough().eventsPerSecond()));
        m.put("pass_through_seconds", round(r.passThrough().seconds()));
        m.put("pass_through_cpu_us_per_event", round(r.passThrough().cpuMicrosPerEvent()));
        m.put("no_detector_events_per_second", round(r.noDetector().eventsPerSecond()));
        m.put("no_detector_seconds", round(r.noDetector().seconds()));
        m.put("no_detector_cpu_us_per_event", round(r.noDetector().cpuMicrosPerEvent()));
        m.put("no_detector_jit_seconds", round(r.noDetector().compileSeconds()));
        m.put("full_events_per_second", round(r.full().eventsPerSecond()));
        m.put("full_events_per_core_second", round(r.full().eventsPerCoreSecond()));
        m.put("full_seconds", round(r.full().seconds()));
        m.put("full_cpu_us_per_event", round(r.full().cpuMicrosPerEvent()));
        m.put("pass_through_jit_seconds", round(r.passThrough().compileSeconds()));
        m.put("full_jit_seconds", round(r.full().compileSeconds()));
        m.put("pass_through_startup_cpu_seconds", round(r.passThrough().startupCpuSeconds()));
        m.put("no_detector_startup_cpu_seconds", round(r.noDetector().startupCpuSeconds()));
        m.put("full_startup_cpu_seconds", round(r.full().startupCpuSeconds()));
        m.put("ratio_full_to_pass_through", Math.round(r.ratio() * 10_000) / 10_000.0);
        m.put("heap_bytes_per_client", r.heapBytesPerClient());
        m.put("state_bytes", new TreeMap<>(r.stateBytes()));
        m.put("state_bytes_per_client", round(r.stateBytesPerClient()));
        if (r.restore() != null) {
            m.put("restore_changelog_bytes", r.restore().changelogBytes());
            m.put("restore_records", r.restore().records());
            m.put("restore_seconds", round(r.restore().seconds()));
            m.put("restore_since_start_seconds", round(r.restore().sinceStartSeconds()));
            m.put("restore_cpu_seconds", round(r.restore().cpuSeconds()));
            m.put("restore_seconds_per_gib", round(r.restore().secondsPerGib()));
        }
        return m;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJsonTree());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The table printed at the end of a run and put in {@code bench.md}. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| clients | events | CPU us/event pass-through / no-detector / full | full ev/s per core"
                + " | ev/s pass-through / no-detector / full | JIT s pass-through / no-detector / full"
                + " | heap B/client | state B/client |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %,d | %,d | %,.1f / %,.1f / %,.1f | %,.0f | %,.0f / %,.0f / %,.0f"
                            + " | %.1f / %.1f / %.1f | %,d | %,.0f |%n",
                    r.clients(), r.events(), r.passThrough().cpuMicrosPerEvent(), r.noDetector().cpuMicrosPerEvent(),
                    r.full().cpuMicrosPerEvent(), r.full().eventsPerCoreSecond(), r.passThrough().eventsPerSecond(),
                    r.noDetector().eventsPerSecond(), r.full().eventsPerSecond(), r.passThrough().compileSeconds(),
                    r.noDetector().compileSeconds(), r.full().compileSeconds(), r.heapBytesPerClient(),
                    r.stateBytesPerClient()));
        }
        return sb.toString();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Quarry throughput benchmark\n\n");
        sb.append(String.format(Locale.ROOT, "Seed %d, %d events per client. Environment: %s.%n%n", seed,
                eventsPerClient, new TreeMap<>(environment)));
        sb.append(table());
        sb.append("\nCPU us/event is the process's CPU time (every thread, JIT and GC) from a topology's first record ")
                .append("processed to its last, over the events of that window; events/s over the same window. The CPU ")
                .append("time of a topology's start-up, before its first record, is in bench.json (*_startup_cpu_seconds). The three ")
                .append("topologies read the same pre-produced input topic on the same broker, each with its own ")
                .append("application id and state. With the embedded broker its CPU time is in every figure.\n");
        return sb.toString();
    }

    /** Writes {@value #JSON_FILE} and {@value #MARKDOWN_FILE} into {@code dir} (created if missing). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), toJson() + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown(), StandardCharsets.UTF_8);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
