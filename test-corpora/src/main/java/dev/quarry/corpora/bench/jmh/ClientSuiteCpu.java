package dev.quarry.corpora.bench.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ClientSuiteBenchmark}'s work per event timed in the thread's CPU time instead of
 * wall-clock time: on a machine shared with other jobs, time the thread spends descheduled
 * inflates JMH's average time per operation, not the CPU time counted here. Runs the suite's
 * events cycle after cycle ({@value ClientSuiteBenchmark#EVENTS} events a cycle, each client's
 * state growing as it would), first {@code warmupCycles} unreported, then prints the CPU time per
 * event of each of {@code cycles} cycles and their mean.
 *
 * <p>Usage: {@code java -cp <test-corpora jar and class path> dev.quarry.corpora.bench.jmh.ClientSuiteCpu
 * WARMUP_CYCLES CYCLES [REFERENCE_DIR [TEXT_SOURCE]]} (the directories as {@link ClientSuiteBenchmark}'s
 * parameters; empty: none, the built-in text).
 */
public final class ClientSuiteCpu {
    private ClientSuiteCpu() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ClientSuiteCpu WARMUP_CYCLES CYCLES [REFERENCE_DIR [TEXT_SOURCE]]");
            System.exit(2);
        }
        int warmup = Integer.parseInt(args[0]);
        int cycles = Integer.parseInt(args[1]);
        ClientSuiteBenchmark suite = new ClientSuiteBenchmark();
        suite.referenceDir = args.length > 2 ? args[2] : "";
        suite.textSource = args.length > 3 ? args[3] : "";
        suite.detector = "all";
        suite.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int perCycle = suite.events();
        for (long i = 0; i < (long) warmup * perCycle; i++) {
            suite.event(bh);
        }
        StringBuilder line = new StringBuilder();
        double sum = 0;
        for (int c = 0; c < cycles; c++) {
            long before = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perCycle; i++) {
                suite.event(bh);
            }
            double micros = (threads.getCurrentThreadCpuTime() - before) / 1e3 / perCycle;
            sum += micros;
            line.append(String.format(Locale.ROOT, " %.1f", micros));
        }
        System.out.printf(Locale.ROOT, "CPU us per event, %d-event cycles:%s; mean %.1f%n", perCycle, line,
                sum / cycles);
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }
}
