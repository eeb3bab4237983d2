package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.WindowAggregate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each row under {@code event_type=<type>/dt=<yyyy-MM-dd>/hour=<HH>} of its time in UTC: the
 * window start of an aggregate, the event time of a raw event.
 */
public abstract class HivePartitionAssigner<T> implements BucketAssigner<T, String> {

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    /** Aggregates by their window's start. */
    public static final class Aggregates extends HivePartitionAssigner<WindowAggregate> {
        @Override
        public String getBucketId(WindowAggregate aggregate, Context context) {
            return partitionOf(aggregate);
        }
    }

    /** Raw events by their event time. */
    public static final class Events extends HivePartitionAssigner<Event> {
        @Override
        public String getBucketId(Event event, Context context) {
            return partitionOf(event.eventType(), event.timestamp());
        }
    }

    /** The partition path of an aggregate, relative to the lake's root. */
    public static String partitionOf(WindowAggregate aggregate) {
        return partitionOf(aggregate.eventType(), aggregate.windowStart());
    }

    static String partitionOf(String eventType, long time) {
        return "event_type=" + eventType + "/" + PARTITION.format(Instant.ofEpochMilli(time));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "HivePartitionAssigner{event_type/dt/hour}";
    }
}
