package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ArchetypeKind;
import dev.quarry.corpora.archetype.ClientProfile;
import dev.quarry.corpora.archetype.EventCursor;
import dev.quarry.corpora.source.Sources;
import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible traffic for a labelled corpus: the clients of a {@link CorpusSpec}, each
 * simulated by its archetype, merged into one stream in event-time order.
 *
 * <p>Invariants: events come in non-decreasing {@code ts}, ties broken by client index, so the
 * output is a pure function of the spec and the sources; event ids ({@code <client_id>-<seq>}) are
 * unique; every event lies in the spec's window and follows the inference-event v1 contract.
 *
 * <p>Memory: the merge is a binary heap of client indices ordered by a {@code long[]} of next
 * call times; per client it keeps that time and the client's {@link EventCursor} (its random
 * generator and a few counters), never a built event. An event is built only when it is the
 * earliest due, so a million clients cost tens of megabytes, not one materialised event each.
 *
 * <p>Immutable and thread-safe; each {@link #events()} call starts an independent pass whose
 * iterator is not thread-safe.
 */
public final class TrafficGenerator {
    private final CorpusSpec spec;
    private final Sources sources;
    private final List<ClientRoster.Client> clients;

    /** Traffic of {@code spec} with the built-in phrase banks and timing. */
    public TrafficGenerator(CorpusSpec spec) {
        this(spec, Sources.builtIn());
    }

    /** Traffic of {@code spec} drawing text and benign timing from {@code sources}. */
    public TrafficGenerator(CorpusSpec spec, Sources sources) {
        this.spec = spec;
        this.sources = sources;
        this.clients = ClientRoster.draw(spec);
    }

    public CorpusSpec spec() {
        return spec;
    }

    /** The clients, in index order. */
    public List<ClientProfile> clients() {
        List<ClientProfile> profiles = new ArrayList<>(clients.size());
        for (ClientRoster.Client c : clients) {
            profiles.add(c.profile());
        }
        return List.copyOf(profiles);
    }

    /** One label row per client, in index order. */
    public List<ClientLabel> labels() {
        List<ClientLabel> labels = new ArrayList<>(clients.size());
        for (ClientRoster.Client c : clients) {
            labels.add(labelOf(c.profile()));
        }
        return List.copyOf(labels);
    }

    /** The label rows, built one at a time (for writers that should not hold a million rows). */
    public Iterable<ClientLabel> labelRows() {
        return () -> clients.stream().map(c -> labelOf(c.profile())).iterator();
    }

    private static ClientLabel labelOf(ClientProfile p) {
        return new ClientLabel(p.clientId(), p.kind().label().wireName(), p.kind().wireName(), p.group());
    }

    /** A fresh pass over the corpus, from the start of the window. */
    public Iterator<InferenceEvent> events() {
        return new Merge();
    }

    /**
     * A fresh pass that also tells, after each event, the archetype of the client that sent it
     * (so a writer can count events per archetype without a map from a million client ids).
     */
    public Pass pass() {
        return new Merge();
    }

    /** An iterator over the corpus that knows who sent the last event. Not thread-safe. */
    public interface Pass extends Iterator<InferenceEvent> {
        /** The archetype of the client of the event last returned by {@link #next()}. */
        ArchetypeKind lastKind();
    }

    /** Event-time merge over a primitive min-heap of client indices keyed by (next time, index). */
    private final class Merge implements Pass {
        private final EventCursor[] cursors;
        private final long[] due;
        private final int[] heap;
        private int size;
        private int last = -1;

        @Override
        public ArchetypeKind lastKind() {
            if (last < 0) {
                throw new IllegalStateException("no event yet");
            }
            return clients.get(last).profile().kind();
        }

        Merge() {
            int n = clients.size();
            cursors = new EventCursor[n];
            due = new long[n];
            heap = new int[n];
            long start = spec.start().toEpochMilli();
            long end = spec.end().toEpochMilli();
            for (int i = 0; i < n; i++) {
                ClientRoster.Client c = clients.get(i);
                ClientProfile p = c.profile();
                EventCursor cursor = p.kind().archetype().open(p, new SplittableRandom(c.streamSeed()), start, end,
                        sources);
                long t = cursor.peekTime();
                if (t != Long.MAX_VALUE) {
                    cursors[i] = cursor;
                    due[i] = t;
                    heap[size] = i;
                    siftUp(size++);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return size > 0;
        }

        @Override
        public InferenceEvent next() {
            if (size == 0) {
                throw new NoSuchElementException();
            }
            int client = heap[0];
            last = client;
            InferenceEvent event = cursors[client].next();
            if (sources.watermark() != null) {
                event = sources.watermark().apply(event);
            }
            long t = cursors[client].peekTime();
            if (t == Long.MAX_VALUE) {
                cursors[client] = null; // finished clients release their state
                heap[0] = heap[--size];
            } else {
                due[client] = t;
            }
            if (size > 0) {
                siftDown(0);
            }
            return event;
        }

        private boolean before(int a, int b) {
            return due[a] < due[b] || (due[a] == due[b] && a < b);
        }

        private void siftUp(int pos) {
            int x = heap[pos];
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!before(x, heap[parent])) {
                    break;
                }
                heap[pos] = heap[parent];
                pos = parent;
            }
            heap[pos] = x;
        }

        private void siftDown(int pos) {
            int x = heap[pos];
            while (true) {
                int child = 2 * pos + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!before(heap[child], x)) {
                    break;
                }
                heap[pos] = heap[child];
                pos = child;
            }
            heap[pos] = x;
        }
    }
}
