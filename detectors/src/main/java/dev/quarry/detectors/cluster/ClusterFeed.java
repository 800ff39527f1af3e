package dev.quarry.detectors.cluster;

import dev.quarry.detectors.PipelineCounters;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The client step's end of the cluster side, in each of its tasks: stamps every message bound for
 * the cluster side with the task's partition and stream time ({@link OrderedMessage}), and every
 * {@code heartbeat} of wall-clock time sends the partition's watermark when its stream time has
 * moved, so that {@link ClusterMessageOrder} can release what it holds even when this partition
 * has nothing to say. Once the input has ended ({@link PipelineCounters#endInput}, an offline
 * replay), it sends its end of input once, after every message of the task: a partition's
 * messages reach the one cluster partition in the order they were sent, so the cluster side
 * then knows it has all of them. Confined to one stream thread.
 */
public final class ClusterFeed implements Processor<String, ClusterMessage, String, OrderedMessage> {
    private final String key;
    private final Duration heartbeat;
    private final PipelineCounters counters;
    private ProcessorContext<String, OrderedMessage> context;
    private int source;
    private long sent = Long.MIN_VALUE;
    private boolean ended;

    /**
     * @param key the key every record is sent under (the cluster side's one partition)
     * @param heartbeat wall-clock interval of watermarks ({@code hydra.orderHeartbeat})
     */
    public ClusterFeed(String key, Duration heartbeat, PipelineCounters counters) {
        this.key = key;
        this.heartbeat = heartbeat;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, OrderedMessage> context) {
        this.context = context;
        this.source = context.taskId().partition();
        context.schedule(heartbeat, PunctuationType.WALL_CLOCK_TIME, now -> tick());
    }

    @Override
    public void process(Record<String, ClusterMessage> record) {
        long streamTime = Math.max(context.currentStreamTimeMs(), record.value().ts());
        sent = Math.max(sent, streamTime);
        context.forward(new Record<>(key, OrderedMessage.of(source, streamTime, record.value()), record.timestamp()));
    }

    private void tick() {
        if (ended) {
            return;
        }
        if (counters.inputEnded()) {
            ended = true;
            forward(OrderedMessage.end(source), Math.max(0, sent));
            return;
        }
        long streamTime = context.currentStreamTimeMs();
        // A task that has processed nothing has no stream time yet; it is waited for until its first record.
        if (streamTime > sent && streamTime >= 0) {
            sent = streamTime;
            forward(OrderedMessage.watermark(source, streamTime), streamTime);
        }
    }

    private void forward(OrderedMessage m, long ts) {
        context.forward(new Record<>(key, m, ts));
    }
}
