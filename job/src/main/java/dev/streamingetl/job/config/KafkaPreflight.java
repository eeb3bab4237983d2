package dev.streamingetl.job.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks before submission that the broker answers and the input topic exists, so that a typo costs
 * one plain line instead of a job that restarts forever; creates the output topics if missing.
 */
public final class KafkaPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

    static final int TIMEOUT_SECONDS = 15;

    private KafkaPreflight() {}

    public static void check(JobConfig config) throws ConfigException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.kafkaProperties().addTo(props);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            admin.describeTopics(List.of(config.kafkaTopic()))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            requireOutputTopics(admin, config);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException(
                        "topic '"
                                + config.kafkaTopic()
                                + "' does not exist on "
                                + config.kafkaBootstrap()
                                + " (--kafka-topic): create it first, e.g. bin/kafka topics "
                                + config.kafkaTopic()
                                + ":4");
            }
            if (e.getCause() instanceof SaslAuthenticationException) {
                throw new ConfigException(
                        "Kafka at "
                                + config.kafkaBootstrap()
                                + " refused the credentials: "
                                + e.getCause().getMessage()
                                + "; check --kafka-property sasl.jaas.config and sasl.mechanism");
            }
            if (e.getCause() instanceof SslAuthenticationException) {
                throw new ConfigException(
                        "TLS with Kafka at "
                                + config.kafkaBootstrap()
                                + " failed: "
                                + rootMessage(e.getCause())
                                + "; check --kafka-property security.protocol and ssl.truststore.location (and the keystore, if the broker asks for client certificates)");
            }
            if (e.getCause() instanceof AuthorizationException) {
                throw new ConfigException(
                        "Kafka at "
                                + config.kafkaBootstrap()
                                + " does not allow this user to "
                                + "describe topic '"
                                + config.kafkaTopic()
                                + "': "
                                + e.getCause().getMessage());
            }
            throw unreachable(config, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unreachable(config, "no answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(config, "interrupted");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ConfigException(
                    "--kafka-bootstrap '"
                            + config.kafkaBootstrap()
                            + "' is not usable: "
                            + e.getMessage());
        }
    }

    /**
     * Creates the output topics that are missing, with the broker's default partitions and
     * replication, unless --no-create-topics; a topic that cannot be had is named with its flag.
     */
    private static void requireOutputTopics(Admin admin, JobConfig config)
            throws ConfigException, InterruptedException, TimeoutException {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (config.deadLetters()) {
            outputs.put(config.dlqTopic(), "--dlq-topic");
        }
        if (config.writesAnalytics()) {
            outputs.put(config.analyticsTopic(), "--analytics-kafka-topic");
        }
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            String topic = output.getKey();
            if (exists(admin, topic)) {
                continue;
            }
            String missing =
                    "topic '"
                            + topic
                            + "' ("
                            + output.getValue()
                            + ") does not exist on "
                            + config.kafkaBootstrap();
            if (!config.createTopics()) {
                throw new ConfigException(
                        missing + ": create it, or drop --no-create-topics to let the job do it");
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                        .all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info(
                        "Created topic '{}' ({}) with the broker's default partitions and replication",
                        topic,
                        output.getValue());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new ConfigException(
                            missing + " and cannot be created: " + e.getCause().getMessage());
                }
            }
        }
    }

    private static boolean exists(Admin admin, String topic)
            throws InterruptedException, TimeoutException, ConfigException {
        try {
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new ConfigException(
                    "cannot look up topic '" + topic + "': " + e.getCause().getMessage());
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static ConfigException unreachable(JobConfig config, String why) {
        return new ConfigException(
                "cannot reach Kafka at "
                        + config.kafkaBootstrap()
                        + " (--kafka-bootstrap): "
                        + why);
    }
}
