package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.CapturedLogs;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.flink.connector.kafka.sink.internal.KafkaCommitter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests for {@link RestoredTransactionCommitter} against the real broker: a restored transaction
 * that was committed before the stop makes Flink's committer alone log an ERROR, ours one INFO; one
 * that was aborted is still an ERROR and a failed commit.
 */
@ExtendWith(LocalKafkaExtension.class)
class RestoredTransactionCommitterITCase {

    private static final String TOPIC = "restored_transactions";

    @Test
    void aTransactionCommittedBeforeTheStopIsDoneWithOneInfoLine() throws Exception {
        KafkaCommittable restored = transaction("committed-before", true);

        Request flinkAlone = new Request(restored);
        try (CapturedLogs logs = new CapturedLogs();
                Committer<KafkaCommittable> committer = flinksCommitter("alone")) {
            committer.commit(List.of(flinkAlone));
            // The false alarm this committer exists to prevent.
            assertThat(logs.lines())
                    .anyMatch(l -> l.startsWith("ERROR") && l.contains("signals data loss"));
        }

        Request ours = new Request(restored);
        try (CapturedLogs logs = new CapturedLogs();
                Committer<KafkaCommittable> committer =
                        new RestoredTransactionCommitter(
                                flinksCommitter("ours"), adminConfig(), "analytics")) {
            committer.commit(List.of(ours));
            assertThat(ours.outcome).isEqualTo("already committed");
            assertThat(logs.lines()).noneMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN"));
            assertThat(logs.lines())
                    .filteredOn(l -> l.startsWith("INFO"))
                    .singleElement()
                    .asString()
                    .contains("committed before the stop", "committed-before");
        }
    }

    @Test
    void aTransactionThatWasAbortedIsStillAnErrorAndAFailedCommit() throws Exception {
        KafkaCommittable restored = transaction("aborted-before", false);
        Request request = new Request(restored);
        try (CapturedLogs logs = new CapturedLogs();
                Committer<KafkaCommittable> committer =
                        new RestoredTransactionCommitter(
                                flinksCommitter("aborted"), adminConfig(), "analytics")) {
            committer.commit(List.of(request));
            assertThat(request.outcome).startsWith("failed");
            assertThat(logs.lines())
                    .anyMatch(
                            l ->
                                    l.startsWith("ERROR")
                                            && l.contains(KafkaCommitter.class.getName())
                                            && l.contains("aborted-before"));
        }
    }

    /**
     * Writes one record in a transaction of {@code id}, then commits or aborts it; returns the
     * transaction as a checkpoint restores it (without its producer).
     */
    private static KafkaCommittable transaction(String id, boolean commit) {
        LocalKafkaExtension.kafka().createTopics(Map.of(TOPIC, 1));
        try (FlinkKafkaInternalProducer<byte[], byte[]> producer =
                new FlinkKafkaInternalProducer<>(producerConfig(), id)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "{}".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            KafkaCommittable checkpointed = KafkaCommittable.of(producer);
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
            return new KafkaCommittable(
                    checkpointed.getProducerId(), checkpointed.getEpoch(), id, null);
        }
    }

    private static Committer<KafkaCommittable> flinksCommitter(String prefix) {
        return new KafkaCommitter(
                producerConfig(), prefix, 0, 0, false, FlinkKafkaInternalProducer::new);
    }

    private static Properties producerConfig() {
        Properties props = adminConfig();
        props.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.put("transaction.timeout.ms", "60000");
        return props;
    }

    private static Properties adminConfig() {
        Properties props = new Properties();
        props.put("bootstrap.servers", LocalKafkaExtension.bootstrapServers());
        return props;
    }

    /** A commit request that remembers how the committer answered it. */
    private static final class Request implements Committer.CommitRequest<KafkaCommittable> {
        private final KafkaCommittable committable;
        String outcome = "none";

        Request(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            outcome = "failed: " + t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            outcome = "failed unknown: " + t;
        }

        @Override
        public void retryLater() {
            outcome = "retry";
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            outcome = "retry";
        }

        @Override
        public void signalAlreadyCommitted() {
            outcome = "already committed";
        }

        @Override
        public String toString() {
            return "Request{" + committable + "}";
        }
    }
}
