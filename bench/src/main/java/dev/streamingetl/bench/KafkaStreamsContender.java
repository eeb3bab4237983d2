package dev.streamingetl.bench;

import dev.streamingetl.job.functions.WindowAccumulator;
import dev.streamingetl.job.functions.WindowAccumulatorSerializer;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.job.records.RecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The same work in Kafka Streams: our parser, bad records to a dead-letter topic, re-keyed by event
 * type, 10 s tumbling windows on event time with our accumulator, final results only (suppressed
 * until the window closes), as JSON to a topic, exactly once (v2). No lake: Kafka Streams has no
 * file sink. Arguments: bootstrap, topic, output topic, DLQ topic, application id, threads, state
 * folder, ticks topic (end markers, written by the harness once the input is consumed).
 */
public final class KafkaStreamsContender {

    /** A parsed record: an event, or the dead letter of a bad one. */
    record Parsed(Event event, byte[] deadLetter) {}

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args[0];
        String topic = args[1];
        String output = args[2];
        String dlq = args[3];
        String applicationId = args[4];
        int threads = Integer.parseInt(args[5]);
        String stateDir = args[6];
        String ticks = args[7];

        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Parsed> parsed =
                builder.stream(
                                java.util.List.of(topic, ticks),
                                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                        .process(() -> new Parse(topic));
        parsed.filter((k, p) -> p.deadLetter() != null)
                .map((k, p) -> KeyValue.pair((byte[]) null, p.deadLetter()))
                .to(dlq, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        parsed.filter((k, p) -> p.event() != null)
                .mapValues(Parsed::event)
                .groupByKey(Grouped.with(Serdes.String(), new EventSerde()))
                // A 60 s grace: Kafka Streams tracks stream time per task, not per partition as a
                // watermark does, so partitions drifting apart would otherwise drop events.
                .windowedBy(
                        TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(60)))
                .aggregate(
                        WindowAccumulator::new,
                        (type, event, acc) -> {
                            acc.add(event);
                            return acc;
                        },
                        Materialized.<String, WindowAccumulator, WindowStore<Bytes, byte[]>>as(
                                        "windows")
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new AccumulatorSerde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map(
                        (window, acc) ->
                                KeyValue.pair(
                                        window.key().getBytes(StandardCharsets.UTF_8),
                                        RecordJson.toJson(
                                                acc.toAggregate(
                                                        window.window().start(),
                                                        window.window().end(),
                                                        window.key(),
                                                        System.currentTimeMillis()))))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        // Transactions as long as our job's checkpoints (10 s), not the 100 ms EOS default.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10_000);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L << 20);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        props.put(StreamsConfig.producerPrefix("linger.ms"), 20);

        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    streams.close(Duration.ofSeconds(10));
                                    stopped.countDown();
                                }));
        streams.start();
        stopped.await();
    }

    /** Parses each record, keys events by type and stamps them with their event time. */
    private static final class Parse implements Processor<byte[], byte[], String, Parsed> {
        private final String topic;
        private final EventParser parser = new EventParser(1 << 20);
        private ProcessorContext<String, Parsed> context;

        Parse(String topic) {
            this.topic = topic;
        }

        @Override
        public void init(ProcessorContext<String, Parsed> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            var meta = context.recordMetadata().orElseThrow();
            try {
                Event e = parser.parse(record.value(), meta.partition(), meta.offset());
                if (e.eventType().startsWith("end_marker") && meta.topic().equals(topic)) {
                    // Kafka Streams keeps time per task, not per input partition: an end marker
                    // read while other partitions still have data would close their windows early.
                    // It gets its markers on the ticks topic once the input is consumed.
                    return;
                }
                context.forward(new Record<>(e.eventType(), new Parsed(e, null), e.timestamp()));
            } catch (InvalidRecord bad) {
                DeadLetter letter =
                        DeadLetter.of(
                                bad.reason(),
                                bad.detail(),
                                topic,
                                meta.partition(),
                                meta.offset(),
                                record.value(),
                                System.currentTimeMillis());
                context.forward(
                        new Record<>(
                                "",
                                new Parsed(null, RecordJson.toJson(letter)),
                                record.timestamp()));
            }
        }
    }

    /** Events cross the repartition topic with the fields the accumulator reads. */
    private static final class EventSerde implements Serde<Event> {
        @Override
        public org.apache.kafka.common.serialization.Serializer<Event> serializer() {
            return (topic, e) -> {
                DataOutputSerializer out = new DataOutputSerializer(64);
                try {
                    out.writeUTF(e.eventType());
                    out.writeUTF(e.userId());
                    out.writeLong(e.timestamp());
                    out.writeDouble(e.value());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                return out.getCopyOfBuffer();
            };
        }

        @Override
        public org.apache.kafka.common.serialization.Deserializer<Event> deserializer() {
            return (topic, bytes) -> {
                DataInputDeserializer in = new DataInputDeserializer(bytes);
                try {
                    return new Event(
                            in.readUTF(), in.readUTF(), in.readLong(), in.readDouble(), 0, 0, null);
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            };
        }
    }

    /** The window state, through the job's own accumulator serializer. */
    private static final class AccumulatorSerde implements Serde<WindowAccumulator> {
        @Override
        public org.apache.kafka.common.serialization.Serializer<WindowAccumulator> serializer() {
            return (topic, acc) -> {
                DataOutputSerializer out = new DataOutputSerializer(1024);
                try {
                    WindowAccumulatorSerializer.INSTANCE.serialize(acc, out);
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                return out.getCopyOfBuffer();
            };
        }

        @Override
        public org.apache.kafka.common.serialization.Deserializer<WindowAccumulator>
                deserializer() {
            return (topic, bytes) -> {
                try {
                    return WindowAccumulatorSerializer.INSTANCE.deserialize(
                            new DataInputDeserializer(bytes));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            };
        }
    }
}
