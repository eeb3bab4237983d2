package dev.streamingetl.tools;

import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.SpecException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/generate}: writes contract events, or events for a pipeline spec, to Kafka at a rate,
 * for a count or forever.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Writes contract events, or events for a pipeline spec (with bad and late ones), to a Kafka topic.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "A Kafka producer setting, e.g. security.protocol=SASL_SSL; repeatable, wins over --kafka-properties-file.")
    Map<String, String> kafkaProperties = Map.of();

    @Option(
            names = "--kafka-properties-file",
            paramLabel = "FILE",
            description = "Kafka producer settings (TLS, SASL, ...) as a Java properties file.")
    Path kafkaPropertiesFile;

    @Option(
            names = "--pipeline",
            paramLabel = "FILE",
            description =
                    "Pipeline spec to make events for (default: the data contract's own generator).")
    Path pipeline;

    @Option(
            names = "--topic",
            defaultValue = "events",
            description = "Topic to write (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description =
                    "Events per second; 0 writes as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--count",
            defaultValue = "0",
            description = "Events to write; 0 runs until stopped (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(
            names = "--bad-ratio",
            defaultValue = "0.01",
            description = "Share of bad records of every kind (default: ${DEFAULT-VALUE}).")
    double badRatio;

    @Option(
            names = "--late-ratio",
            defaultValue = "0.001",
            description = "Share of events 10 minutes late (default: ${DEFAULT-VALUE}).")
    double lateRatio;

    @Option(
            names = "--users",
            defaultValue = "100000",
            description =
                    "Distinct users; with --pipeline, values of each field a distinct column counts (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--types",
            defaultValue = "20",
            description =
                    "Distinct event types, 1..20; with --pipeline, values of each group_by field without an enum (default: ${DEFAULT-VALUE}).")
    int types;

    @Option(
            names = "--event-time-rate",
            defaultValue = "100000",
            description =
                    "With --rate 0: events per second of event time, starting now (default: ${DEFAULT-VALUE}). "
                            + "With a --rate, event time is the wall clock.")
    double eventTimeRate;

    @Option(names = "--seed", description = "Random seed (default: from the clock).")
    Long seed;

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new GenerateCommand()).execute(args));
    }

    @Override
    public Integer call() throws SpecException {
        if (badRatio < 0 || lateRatio < 0 || badRatio + lateRatio > 1) {
            throw new IllegalArgumentException(
                    "--bad-ratio and --late-ratio must be >= 0 and add up to at most 1");
        }
        LongFunction<EventGenerator.Record> generator = generator();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long sent = 0;
        long bad = 0;
        long nextReport = start + TimeUnit.SECONDS.toNanos(5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            while ((count == 0 || sent < count) && failure.get() == null) {
                long eventTime =
                        rate > 0
                                ? System.currentTimeMillis()
                                : startMillis + (long) (sent * 1000 / eventTimeRate);
                EventGenerator.Record record = generator.apply(eventTime);
                producer.send(
                        new ProducerRecord<>(topic, record.key(), record.value()),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                sent++;
                bad += record.bad() ? 1 : 0;
                if (rate > 0) {
                    long due = start + (long) (sent * 1e9 / rate);
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        LockSupport.parkNanos(ahead);
                    }
                }
                if ((sent & 1023) == 0 && System.nanoTime() > nextReport) {
                    nextReport += TimeUnit.SECONDS.toNanos(5);
                    System.err.printf(
                            "generate: %,d events sent (%,.0f/s)%n", sent, sent / seconds(start));
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "writing to "
                            + topic
                            + " on "
                            + bootstrap
                            + " failed: "
                            + failure.get().getMessage());
        }
        System.err.printf(
                "generate: %,d events sent to %s (%,d bad) in %.1f s (%,.0f/s)%n",
                sent, topic, bad, seconds(start), sent / seconds(start));
        return 0;
    }

    private LongFunction<EventGenerator.Record> generator() throws SpecException {
        long s = seed != null ? seed : System.nanoTime();
        if (pipeline == null) {
            return new EventGenerator(types, users, badRatio, lateRatio, s)::next;
        }
        if (types < 1 || users < 1) {
            throw new IllegalArgumentException("--types and --users must be at least 1");
        }
        return new SpecEventGenerator(
                        PipelineSpec.load(pipeline), types, users, badRatio, lateRatio, s)
                ::next;
    }

    private Properties producerConfig() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // A missing broker fails within a minute with a plain message instead of blocking forever.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        if (kafkaPropertiesFile != null) {
            try (Reader in = Files.newBufferedReader(kafkaPropertiesFile)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--kafka-properties-file '"
                                + kafkaPropertiesFile
                                + "' cannot be read: "
                                + e);
            }
        }
        props.putAll(kafkaProperties);
        return props;
    }

    private static double seconds(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }
}
