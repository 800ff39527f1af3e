package dev.quarry.corpora.bench;

import dev.quarry.ingest.InferenceEvent;

/** The events one bench round produces to its input topic: synthetic, or read from a corpus file. */
public interface BenchCorpus extends Iterable<InferenceEvent> {
    /** Distinct client ids among the events. */
    int clients();

    /** Events the iterator yields. */
    long size();

    /**
     * True when every event is valid and its id unique, so that any dead letter or duplicate the
     * full topology counts is a bench error; a recorded corpus may hold duplicates on purpose.
     */
    boolean allUniqueAndValid();
}
