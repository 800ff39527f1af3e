package dev.quarry.corpora.bench;

import dev.quarry.ingest.EventBuilder;
import dev.quarry.ingest.InferenceEvent;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A fast, seeded corpus for throughput benchmarks: {@code clients} clients, {@code eventsPerClient}
 * contract-valid events each, in rounds (every client's first event, then every client's second,
 * ...), so that even a million clients need no per-client memory and event time rises with the
 * index. Unlike {@link dev.quarry.corpora.TrafficGenerator} it simulates no sessions or
 * behaviour: it only gives the topology the mix of work it meets in production.
 *
 * <p>The mix, by client index modulo 20: one logit-bias extractor (a fixed prompt, one output
 * token with logprobs, a new block of {@value #SWEEP_BLOCK} biased ids per call), one templated
 * distiller (one template, varied fills, long answers), one classifier (the same three label
 * tokens pinned), and seventeen chat users (free prompts of 4 to 40 words drawn from a small
 * vocabulary, sometimes with a system message).
 *
 * <p>Event {@code k} depends only on the seed and {@code k}, so the corpus is a pure function of
 * its three parameters and any event can be made on its own. Event ids are
 * {@code <client_id>-<round>}, unique. Immutable and thread-safe; iterators are not.
 */
public final class SyntheticCorpus implements BenchCorpus {
    /** Biased token ids per extractor request. */
    static final int SWEEP_BLOCK = 50;
    /** Event time of the first event; each next event is {@value #STEP_MILLIS} ms later. */
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final long STEP_MILLIS = 10;

    private static final String[] WORDS = ("the a of to and in is it that for you with on as are this be was have"
            + " what how why can could would should explain write summarise list compare describe translate"
            + " python java kafka stream model token prompt answer code bug error function data table query"
            + " recipe travel history music garden budget email letter story poem meeting plan report review"
            + " quickly simply briefly carefully please thanks again more less better worse first next last").split(" ");
    private static final String[] TEMPLATE_FILLS = ("battery screen delivery refund charger keyboard camera speaker"
            + " warranty invoice subscription login password update printer router headset monitor").split(" ");
    private static final int[] LABEL_TOKENS = {9642, 2822, 40914};

    private final int clients;
    private final int eventsPerClient;
    private final long seed;

    public SyntheticCorpus(int clients, int eventsPerClient, long seed) {
        if (clients < 1 || eventsPerClient < 1) {
            throw new IllegalArgumentException("need clients >= 1 and events per client >= 1");
        }
        if ((long) clients * eventsPerClient > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most 2^31-1 events");
        }
        this.clients = clients;
        this.eventsPerClient = eventsPerClient;
        this.seed = seed;
    }

    @Override
    public int clients() {
        return clients;
    }

    public int eventsPerClient() {
        return eventsPerClient;
    }

    /** Number of events, {@code clients * eventsPerClient}. */
    @Override
    public long size() {
        return (long) clients * eventsPerClient;
    }

    /** Every event is valid and its id ({@code <client_id>-<round>}) unique. */
    @Override
    public boolean allUniqueAndValid() {
        return true;
    }

    /** What a client of this index does. */
    public static Kind kindOf(int client) {
        return switch (client % 20) {
            case 0 -> Kind.LOGIT_BIAS_EXTRACTOR;
            case 1 -> Kind.TEMPLATED_DISTILLER;
            case 2 -> Kind.CLASSIFIER;
            default -> Kind.CHAT;
        };
    }

    /** The client id of a client index. */
    public static String clientId(int client) {
        return "bench_" + client;
    }

    /** The {@code k}-th event, {@code 0 <= k < size()}. */
    public InferenceEvent event(long k) {
        if (k < 0 || k >= size()) {
            throw new IndexOutOfBoundsException(k);
        }
        int client = (int) (k % clients);
        int round = (int) (k / clients);
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
        String id = clientId(client);
        EventBuilder b = EventBuilder.event(id + "-" + round).client(id)
                .at(START.toEpochMilli() + k * STEP_MILLIS)
                .ip("10." + (client >>> 16 & 255) + "." + (client >>> 8 & 255) + "." + (client & 255))
                .userAgent("bench-client/1.0").latencyMs(50 + rnd.nextInt(2000));
        switch (kindOf(client)) {
            case LOGIT_BIAS_EXTRACTOR -> {
                b.prompt("The quick brown fox jumps over the lazy dog and then").maxTokens(1).logprobs(true)
                        .topLogprobs(5).completionTokens(1).promptTokens(12);
                // long: client * 7919 overflows an int past 271,000 clients (negative ids are invalid)
                int base = (int) ((round * (long) SWEEP_BLOCK + client * 7919L) % 100_000);
                for (int i = 0; i < SWEEP_BLOCK; i++) {
                    b.bias(base + i, 100);
                }
            }
            case TEMPLATED_DISTILLER -> b.system("You are a helpful assistant.")
                    .user("Write a detailed customer support answer about the " + pick(TEMPLATE_FILLS, rnd)
                            + " problem of order " + rnd.nextInt(1_000_000) + ", explaining every step: \""
                            + words(rnd, 3 + rnd.nextInt(8)) + "\"")
                    .maxTokens(1024).temperature(0.7).completionTokens(400 + rnd.nextInt(500)).promptTokens(40)
                    .responseText(words(rnd, 30));
            case CLASSIFIER -> {
                b.system("Classify the sentiment as positive, negative or neutral.")
                        .user(words(rnd, 8 + rnd.nextInt(20))).maxTokens(1).temperature(0)
                        .completionTokens(1).promptTokens(30);
                for (int t : LABEL_TOKENS) {
                    b.bias(t, 100);
                }
            }
            case CHAT -> {
                if (rnd.nextInt(4) == 0) {
                    b.system("You are a friendly assistant.");
                }
                b.user(words(rnd, 4 + rnd.nextInt(37))).temperature(rnd.nextInt(11) / 10.0)
                        .completionTokens(20 + rnd.nextInt(600)).promptTokens(10 + rnd.nextInt(60))
                        .responseText(words(rnd, 12)).finishReason("stop");
            }
            default -> throw new AssertionError();
        }
        return b.model(rnd.nextInt(3) == 0 ? "orion-small" : EventBuilder.DEFAULT_MODEL).build();
    }

    /** Every event, in index order. */
    @Override
    public Iterator<InferenceEvent> iterator() {
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public InferenceEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return event(next++);
            }
        };
    }

    private static String words(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder(n * 7);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(pick(WORDS, rnd));
        }
        return sb.toString();
    }

    private static String pick(String[] from, SplittableRandom rnd) {
        return from[rnd.nextInt(from.length)];
    }

    /** The kinds of client in the mix. */
    public enum Kind { CHAT, CLASSIFIER, TEMPLATED_DISTILLER, LOGIT_BIAS_EXTRACTOR }
}
