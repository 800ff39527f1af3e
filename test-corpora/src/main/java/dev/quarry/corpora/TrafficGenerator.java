package dev.quarry.corpora;

import dev.quarry.corpora.archetype.ClientProfile;
import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible traffic for a labelled corpus: the clients of a {@link CorpusSpec}, each
 * simulated by its archetype, merged into one stream in event-time order.
 *
 * <p>Invariants: events come in non-decreasing {@code ts}, ties broken by client index, so the
 * output is a pure function of the spec; event ids ({@code <client_id>-<seq>}) are unique; every
 * event lies in the spec's window and follows the inference-event v1 contract. Memory is bounded
 * by the number of clients: the merge keeps one pending event per client, and each client's
 * stream is lazy, with its own {@link SplittableRandom} derived from the seed and its index.
 *
 * <p>Immutable and thread-safe; each {@link #events()} call starts an independent pass whose
 * iterator is not thread-safe.
 */
public final class TrafficGenerator {
    private final CorpusSpec spec;
    private final List<ClientRoster.Client> clients;

    public TrafficGenerator(CorpusSpec spec) {
        this.spec = spec;
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
            ClientProfile p = c.profile();
            labels.add(new ClientLabel(p.clientId(), p.kind().label().wireName(), p.kind().wireName(), p.group()));
        }
        return List.copyOf(labels);
    }

    /** A fresh pass over the corpus, from the start of the window. */
    public Iterator<InferenceEvent> events() {
        return new Merge();
    }

    private final class Merge implements Iterator<InferenceEvent> {
        private final PriorityQueue<Pending> queue = new PriorityQueue<>(Math.max(1, clients.size()),
                Comparator.comparingLong((Pending p) -> p.event.tsMillis()).thenComparingInt(p -> p.client));

        Merge() {
            long start = spec.start().toEpochMilli();
            long end = spec.end().toEpochMilli();
            for (ClientRoster.Client c : clients) {
                ClientProfile p = c.profile();
                Iterator<InferenceEvent> stream =
                        p.kind().archetype().events(p, new SplittableRandom(c.streamSeed()), start, end);
                if (stream.hasNext()) {
                    queue.add(new Pending(stream.next(), p.index(), stream));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public InferenceEvent next() {
            Pending head = queue.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            if (head.stream.hasNext()) {
                queue.add(new Pending(head.stream.next(), head.client, head.stream));
            }
            return head.event;
        }
    }

    private record Pending(InferenceEvent event, int client, Iterator<InferenceEvent> stream) {}
}
