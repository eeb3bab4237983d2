package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.records.SpecEventParser;
import dev.streamingetl.spec.PipelineSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each row under {@code <partition_by[0]>=<v>/…/dt=<yyyy-MM-dd>/hour=<HH>} of its time in UTC:
 * the window start of an aggregate, the event time of a raw event. Values are escaped for paths as
 * Hive escapes them, so Hive, Spark, Trino and DuckDB read the same values back.
 */
public abstract class HivePartitionAssigner<T> implements BucketAssigner<T, String> {

    /** Hive's name for the partition of an empty value. */
    static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    private final String[] names;

    HivePartitionAssigner(List<String> names) {
        this.names = names.toArray(String[]::new);
    }

    /** Aggregates by their window's start. */
    public static final class Aggregates extends HivePartitionAssigner<SpecAggregate> {
        private final AggregateColumns columns;

        public Aggregates(PipelineSpec spec) {
            super(spec.partitionBy());
            columns = new AggregateColumns(spec);
        }

        @Override
        public String getBucketId(SpecAggregate aggregate, Context context) {
            return partitionOf(aggregate);
        }

        /** The partition path of an aggregate, relative to the lake's root. */
        public String partitionOf(SpecAggregate aggregate) {
            return path(columns.partitionValues(aggregate), aggregate.windowStart());
        }
    }

    /** Raw events by their event time. */
    public static final class Events extends HivePartitionAssigner<SpecEvent> {
        private final int[] slots;

        public Events(PipelineSpec spec) {
            super(spec.partitionBy());
            slots =
                    spec.partitionBy().stream()
                            .mapToInt(f -> SpecEventParser.slotOf(spec, f))
                            .toArray();
        }

        @Override
        public String getBucketId(SpecEvent event, Context context) {
            String[] values = new String[slots.length];
            for (int i = 0; i < slots.length; i++) {
                values[i] = event.strings()[slots[i]];
            }
            return path(values, event.eventTime());
        }
    }

    String path(String[] values, long time) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            path.append(escape(names[i])).append('=').append(escape(values[i])).append('/');
        }
        return path.append(PARTITION.format(Instant.ofEpochMilli(time))).toString();
    }

    /**
     * A value as Hive writes it in a path (its {@code FileUtils.escapePathName}): control
     * characters, DEL and each of the characters below as {@code %XX}; empty as Hive's default
     * partition.
     */
    static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_PARTITION;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                escaped.append('%').append(String.format("%02X", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? value : escaped.toString();
    }

    private static final String ESCAPED = "\"#%'*/:=?\\{[]^";

    private static boolean needsEscape(char c) {
        return c < ' ' || c == 0x7F || ESCAPED.indexOf(c) >= 0;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "HivePartitionAssigner{" + String.join("/", names) + "/dt/hour}";
    }
}
