package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The JSON forms of the records the job writes to Kafka. */
public final class RecordJson {

    /** ISO-8601 in UTC, always with milliseconds, so that consumers can compare strings. */
    public static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory JSON = new JsonFactory();

    private RecordJson() {}

    /** The default spec's columns, for {@link #toJson(WindowAggregate)}. */
    private static final AggregateColumns CONTRACT_COLUMNS =
            new AggregateColumns(dev.streamingetl.spec.PipelineSpec.defaultSpec());

    /**
     * An aggregate of the contract (the benchmark's contenders make these), as the job writes it.
     */
    public static byte[] toJson(WindowAggregate a) {
        Object[] values = {
            a.eventCount(),
            a.uniqueUsers(),
            a.valueCount(),
            a.valueSum(),
            a.valueMin(),
            a.valueMax(),
            a.valueAvg(),
            a.valueP50(),
            a.valueP95(),
            a.valueP99()
        };
        return toJson(
                new SpecAggregate(
                        a.windowStart(),
                        a.windowEnd(),
                        new String[] {a.eventType()},
                        values,
                        a.emittedAt()),
                CONTRACT_COLUMNS);
    }

    /** An aggregate of a pipeline spec: its columns in order, with their names. */
    public static byte[] toJson(SpecAggregate a, AggregateColumns columns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(
                    "window_start",
                    INSTANT.format(java.time.Instant.ofEpochMilli(a.windowStart())));
            g.writeStringField(
                    "window_end", INSTANT.format(java.time.Instant.ofEpochMilli(a.windowEnd())));
            for (int i = 0; i < a.group().length; i++) {
                g.writeStringField(columns.group().get(i), a.group()[i]);
            }
            Object[] values = a.values();
            for (int i = 0; i < values.length; i++) {
                String name = columns.values().get(i);
                if (values[i] instanceof Long count) {
                    g.writeNumberField(name, count);
                } else {
                    writeNullable(g, name, (Double) values[i]);
                }
            }
            g.writeStringField(
                    "emitted_at", INSTANT.format(java.time.Instant.ofEpochMilli(a.emittedAt())));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] toJson(DeadLetter d) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(d.raw() == null ? 256 : 256 + d.raw().length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("reason", d.reason());
            g.writeStringField("detail", d.detail());
            g.writeStringField("source_topic", d.sourceTopic());
            g.writeNumberField("source_partition", d.sourcePartition());
            g.writeNumberField("source_offset", d.sourceOffset());
            g.writeStringField("raw", d.raw());
            g.writeStringField(
                    "rejected_at", INSTANT.format(java.time.Instant.ofEpochMilli(d.rejectedAt())));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeNullable(JsonGenerator g, String name, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
