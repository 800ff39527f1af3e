package dev.quarry.detectors.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.detectors.WatermarkTraffic;
import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.config.FusionConfig;
import dev.quarry.detectors.config.WatermarkConfig;
import dev.quarry.fingerprint.watermark.GreenListScheme;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class WatermarkHealthProcessorTest {
    private static final String MODEL = "orion-large";
    private static final String STORE = "watermark-health";
    private final WatermarkConfig config = WatermarkTraffic.config();
    private final Random rnd = new Random(8);

    WatermarkHealthProcessorTest() {
        config.health().windowResponses(40);
        config.health().expectedModels().add(MODEL);
        config.batchSize(64);
    }

    private WatermarkHealthProcessor started(MockProcessorContext<String, Alert> context) {
        WatermarkHealthProcessor p = new WatermarkHealthProcessor(WatermarkChecks.of(config, null), new FusionConfig(), STORE);
        p.init(context);
        return p;
    }

    private void feed(WatermarkHealthProcessor p, int from, int n) {
        for (int i = from; i < from + n; i++) {
            p.process(new Record<>(MODEL, new ResponseTokens("ev-" + i, WatermarkTraffic.plain(150, rnd)), 1_000L * i));
        }
    }

    private void feedWatermarked(WatermarkHealthProcessor p, int from, int n) {
        GreenListScheme scheme = WatermarkTraffic.scheme(config);
        for (int i = from; i < from + n; i++) {
            p.process(new Record<>(MODEL, new ResponseTokens("ev-" + i, WatermarkTraffic.watermarked(scheme, 120, rnd)), 1_000L * i));
        }
    }

    private MockProcessorContext<String, Alert> contextWithStore() {
        MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return context;
    }

    @Test
    void staysQuietWhileTheEndpointKeepsWatermarkingAndAlertsOnceWhenItStops() {
        MockProcessorContext<String, Alert> context = contextWithStore();
        WatermarkHealthProcessor p = started(context);
        feedWatermarked(p, 0, 40 * 50);
        p.flush();
        assertTrue(context.forwarded().isEmpty(), "50 watermarked windows");
        feed(p, 40 * 50, 40 * 5);
        p.flush();
        List<MockProcessorContext.CapturedForward<? extends String, ? extends Alert>> out = context.forwarded();
        assertEquals(1, out.size(), "one alert for the run of 5 unwatermarked windows");
        assertEquals("off", out.get(0).record().value().detectors().get(0).evidence().get("verdict"));
        assertEquals(51L, out.get(0).record().value().detectors().get(0).evidence().get("windows"));
        assertEquals("ev-2039", out.get(0).record().value().triggerEventId());
    }

    @Test
    void queuedResponsesSurviveARestartOfTheProcessor() {
        MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);

        feed(started(context), 0, 30);
        assertTrue(context.forwarded().isEmpty(), "a partial batch is queued, not scored");
        // A new processor instance on the same (restored) store: what a restart does.
        WatermarkHealthProcessor restarted = started(context);
        feed(restarted, 30, 10);
        restarted.flush();

        List<MockProcessorContext.CapturedForward<? extends String, ? extends Alert>> out = context.forwarded();
        assertEquals(1, out.size());
        Alert a = out.get(0).record().value();
        assertEquals(40, a.detectors().get(0).evidence().get("window_responses"));
        assertEquals("ev-39", a.triggerEventId());
    }

    @Test
    void scoresAFullBatchWithoutWaitingForThePunctuation() {
        config.batchSize(40);
        MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        feed(started(context), 0, 40);
        assertEquals(1, context.forwarded().size());
    }
}
