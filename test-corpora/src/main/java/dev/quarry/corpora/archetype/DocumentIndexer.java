package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.corpora.text.Typos;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code document_indexer}: a company indexing its OWN documents for retrieval through the
 * {@code embeddings} endpoint, the ingestion side of retrieval-augmented generation (Lewis et al.
 * 2020) as vector-database guides describe it: documents split into fixed-size chunks with
 * overlapping boundaries (LangChain's and LlamaIndex's default splitters), a nightly job that
 * re-embeds the chunks of documents changed since the last run, and at query time the embeddings
 * of users' short searches. The counterpart of {@link EmbeddingExtractor}: high volume at machine
 * pace on the same endpoint, but one narrow domain (the company's product docs, wiki and help
 * centre, {@link CompanyTexts}), overlapping and re-sent chunks, nightly batches and office-hour
 * searches.
 *
 * <p>Per client: 40-600 documents of 300-3,000 words; chunks of 128-512 words overlapping by
 * 10-30%; a nightly run at 01:00-04:59 local time re-sending the chunks of 5-30% of the documents
 * (a quarter of clients start the window with a full index run), and for half of them one more
 * re-index after a docs release at a random time; 40-800 ms between chunk calls; searches every
 * 20 s to 10 min at peak in office hours.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class DocumentIndexer implements Archetype {
    private static final long UNSET = Long.MIN_VALUE;

    @Override
    public String name() {
        return "document_indexer";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis);
    }

    private static final class Stream extends ClientStream {
        private final CompanyTexts.Company company;
        private final int documents;
        private final int chunkWords;
        private final int strideWords;
        private final double changedShare;
        private final boolean fullFirstRun;
        private final long[] runStarts;
        private final long chunkGapMillis;
        private final long searchGapMillis;
        private final ActiveHours office;
        private final String model;
        private final String[] sections;

        private int run = -1;
        private int doc;
        private int chunk;
        private int pendingDoc;
        private int pendingChunk;
        private long batchT = UNSET;
        private long searchT = UNSET;
        private long lastBatch;
        private long lastSearch;
        private boolean search;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis) {
            super(client, rng, startMillis, endMillis);
            this.company = CompanyTexts.Company.draw(rng);
            this.documents = (int) PerClient.logUniformLong(rng, 40, 600);
            this.chunkWords = 128 + rng.nextInt(385);
            this.strideWords = (int) Math.round(chunkWords * PerClient.uniform(rng, 0.7, 0.9));
            this.changedShare = PerClient.uniform(rng, 0.05, 0.3);
            this.fullFirstRun = rng.nextInt(4) == 0;
            this.chunkGapMillis = PerClient.logUniformLong(rng, 40, 800);
            this.searchGapMillis = PerClient.logUniformLong(rng, 20_000, 600_000);
            this.office = ActiveHours.office(rng);
            this.model = rng.nextInt(3) == 0 ? Models.EMBED_SMALL : Models.EMBED;
            this.sections = new String[] {"Docs", "Wiki", "Help Centre", "Release notes", "Runbooks"};
            List<Long> starts = new ArrayList<>();
            int nightly = 1 + rng.nextInt(4);
            long minute = rng.nextInt(60);
            long localMidnight = Math.floorDiv(startMillis + client.utcOffsetMinutes() * Clock.MINUTE, Clock.DAY)
                    * Clock.DAY - client.utcOffsetMinutes() * Clock.MINUTE;
            for (long day = localMidnight; day < endMillis; day += Clock.DAY) {
                long at = day + nightly * Clock.HOUR + minute * Clock.MINUTE;
                if (at >= startMillis && at < endMillis) {
                    starts.add(at);
                }
            }
            if (rng.nextBoolean()) {
                starts.add(startMillis + (long) (rng.nextDouble() * (endMillis - startMillis)));
            }
            if (fullFirstRun) {
                starts.add(startMillis + rng.nextLong(Clock.HOUR));
            }
            this.runStarts = starts.stream().mapToLong(Long::longValue).sorted().toArray();
            this.lastBatch = startMillis;
            this.lastSearch = startMillis;
        }

        private int words(int d) {
            return 300 + (int) Math.floorMod(company.seed() * 31 + d * 0x9E3779B1L, 2_701L);
        }

        private boolean inRun(int d) {
            if (run == 0 && fullFirstRun) {
                return true;
            }
            long h = company.seed() ^ (d * 0xBF58476D1CE4E5B9L) ^ (run * 0x94D049BB133111EBL);
            return Math.floorMod(h >>> 11, 10_000L) < changedShare * 10_000;
        }

        /** The next chunk of the current run, or of the next run; its time, or MAX_VALUE. */
        private long nextChunk() {
            while (true) {
                if (run >= 0 && doc < documents) {
                    int chunks = Math.max(1, (words(doc) - chunkWords + strideWords - 1) / strideWords + 1);
                    if (chunk < chunks && inRun(doc)) {
                        pendingDoc = doc;
                        pendingChunk = chunk++;
                        lastBatch += Clock.jittered(rng, chunkGapMillis, 0.3);
                        return lastBatch;
                    }
                    doc++;
                    chunk = 0;
                    continue;
                }
                run++;
                if (run >= runStarts.length) {
                    return Long.MAX_VALUE;
                }
                doc = 0;
                chunk = 0;
                lastBatch = Math.max(lastBatch, runStarts[run]);
            }
        }

        @Override
        protected long schedule() {
            if (batchT == UNSET) {
                batchT = nextChunk();
            }
            if (searchT == UNSET) {
                searchT = office.next(rng, lastSearch, endMillis, searchGapMillis, 0.9, client.utcOffsetMinutes());
            }
            search = searchT <= batchT;
            long t;
            if (search) {
                t = searchT;
                lastSearch = t == Long.MAX_VALUE ? lastSearch : t;
                searchT = UNSET;
            } else {
                t = batchT;
                batchT = UNSET;
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String text;
            if (search) {
                text = CompanyTexts.search(company, rng);
                if (rng.nextInt(6) == 0) {
                    text = Typos.introduce(text, rng);
                }
            } else {
                int version = run == 0 && fullFirstRun ? 0 : run + 1;
                text = company.product() + " " + sections[pendingDoc % sections.length] + " / doc " + pendingDoc
                        + "\n" + CompanyTexts.chunk(company, pendingDoc, version, pendingChunk * strideWords,
                                chunkWords);
            }
            int prompt = Tokens.of(text);
            return emit(ts, Endpoint.EMBEDDINGS, model, new RequestDraft().prompt(text).build(),
                    ok(null, null, null, prompt, 0, between(15, 60) + prompt / 20));
        }
    }
}
