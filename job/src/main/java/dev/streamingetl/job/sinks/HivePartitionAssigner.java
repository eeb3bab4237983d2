package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.WindowAggregate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each aggregate under {@code event_type=<type>/dt=<yyyy-MM-dd>/hour=<HH>} of its window
 * start, in UTC.
 */
public final class HivePartitionAssigner implements BucketAssigner<WindowAggregate, String> {

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    @Override
    public String getBucketId(WindowAggregate aggregate, Context context) {
        return partitionOf(aggregate);
    }

    /** The partition path of an aggregate, relative to the lake's root. */
    public static String partitionOf(WindowAggregate aggregate) {
        return "event_type="
                + aggregate.eventType()
                + "/"
                + PARTITION.format(java.time.Instant.ofEpochMilli(aggregate.windowStart()));
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
