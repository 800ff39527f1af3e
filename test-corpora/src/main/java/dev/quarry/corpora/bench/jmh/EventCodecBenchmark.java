package dev.quarry.corpora.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.ingest.EventJson;
import dev.quarry.ingest.EventParser;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.ParseResult;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-record cost of reading and writing the event contract: {@link EventParser#parse} on a
 * typical chat event and on a logit-bias sweep request with 200 biased ids, and {@link
 * EventJson#toBytes}. The baselines are plain Jackson on the same bytes (a tree read, a tree
 * write): what the parser's strict validation costs on top of JSON itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventCodecBenchmark {
    private final ObjectMapper jackson = new ObjectMapper();
    private EventParser parser;
    private InferenceEvent chat;
    private byte[] chatBytes;
    private byte[] biasBytes;
    private JsonNode chatTree;

    @Setup
    public void setUp() throws IOException {
        parser = new EventParser();
        chat = Fixtures.chatEvent();
        chatBytes = EventJson.toBytes(chat);
        biasBytes = EventJson.toBytes(Fixtures.logitBiasEvent(200));
        chatTree = jackson.readTree(chatBytes);
        if (!(parser.parse(chatBytes, null) instanceof ParseResult.Valid)
                || !(parser.parse(biasBytes, null) instanceof ParseResult.Valid)) {
            throw new IllegalStateException("fixture events must be contract-valid");
        }
    }

    @Benchmark
    public ParseResult parseChat() {
        return parser.parse(chatBytes, null);
    }

    @Benchmark
    public ParseResult parseLogitBias200() {
        return parser.parse(biasBytes, null);
    }

    @Benchmark
    public JsonNode baselineJacksonReadTreeChat() throws IOException {
        return jackson.readTree(chatBytes);
    }

    @Benchmark
    public byte[] toBytesChat() {
        return EventJson.toBytes(chat);
    }

    @Benchmark
    public byte[] baselineJacksonWriteTreeChat() throws IOException {
        return jackson.writeValueAsBytes(chatTree);
    }
}
