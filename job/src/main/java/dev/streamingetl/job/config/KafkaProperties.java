package dev.streamingetl.job.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client settings that the user passes through to every client of the job (the source, both
 * sinks and the pre-flight check): TLS, SASL and any other client property, as users configure them
 * for their brokers. Their values may be secrets, so this never prints them.
 */
public final class KafkaProperties implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Settings the job derives from its own flags; two sources of truth would disagree. */
    private static final Map<String, String> OWNED_BY_FLAGS =
            Map.of(
                    "bootstrap.servers", "--kafka-bootstrap",
                    "group.id", "--group-id",
                    "transactional.id", "--transactional-id-prefix",
                    "key.deserializer", "the job",
                    "value.deserializer", "the job",
                    "key.serializer", "the job",
                    "value.serializer", "the job",
                    "enable.auto.commit", "the job (offsets are committed on checkpoints)",
                    "isolation.level", "the job",
                    "enable.idempotence", "the job (exactly-once sinks)");

    public static final KafkaProperties NONE = new KafkaProperties(Map.of());

    private final Map<String, String> values;

    private KafkaProperties(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The settings of {@code file} (a Java properties file, may be null), then those of {@code
     * flags}, which win.
     */
    static KafkaProperties of(Path file, Map<String, String> flags) throws ConfigException {
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            Properties loaded = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                loaded.load(in);
            } catch (IOException e) {
                throw new ConfigException(
                        "--kafka-properties-file '" + file + "' cannot be read: " + e);
            }
            loaded.stringPropertyNames().forEach(k -> merged.put(k.strip(), loaded.getProperty(k)));
        }
        if (flags != null) {
            flags.forEach((k, v) -> merged.put(k.strip(), v));
        }
        for (String key : merged.keySet()) {
            if (key.isEmpty()) {
                throw new ConfigException(
                        "--kafka-property needs key=value, e.g. security.protocol=SSL");
            }
            if (OWNED_BY_FLAGS.containsKey(key)) {
                throw new ConfigException(
                        "--kafka-property "
                                + key
                                + " is set by "
                                + OWNED_BY_FLAGS.get(key)
                                + "; remove it");
            }
        }
        return merged.isEmpty() ? NONE : new KafkaProperties(merged);
    }

    /** Adds these settings to a client's {@code properties}, overriding the job's defaults. */
    public Properties addTo(Properties properties) {
        properties.putAll(values);
        return properties;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaProperties k && values.equals(k.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The keys only: values such as sasl.jaas.config hold credentials. */
    @Override
    public String toString() {
        return "KafkaProperties" + values.keySet();
    }
}
