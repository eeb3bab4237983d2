package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.Set;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

/** Tests for {@link RestoredTransactionCommitter}'s reading of the broker's answer. */
class RestoredTransactionCommitterTest {

    private static final KafkaCommittable RESTORED =
            new KafkaCommittable(7, (short) 3, "t-0-2", null);

    @Test
    void aCommitByTheSameProducerAtTheSameOrTheNextEpochIsThisTransactions() {
        assertThat(committed(TransactionState.COMPLETE_COMMIT, 7, 4)).isTrue();
        assertThat(committed(TransactionState.COMPLETE_COMMIT, 7, 3)).isTrue();
        assertThat(committed(TransactionState.PREPARE_COMMIT, 7, 4)).isTrue();
    }

    @Test
    void anythingElseIsLeftToFlinksCommitter() {
        assertThat(committed(TransactionState.COMPLETE_ABORT, 7, 4)).isFalse();
        assertThat(committed(TransactionState.ONGOING, 7, 3)).isFalse();
        assertThat(committed(TransactionState.COMPLETE_COMMIT, 8, 4))
                .as("another producer")
                .isFalse();
        assertThat(committed(TransactionState.COMPLETE_COMMIT, 7, 5))
                .as("a later transaction of the same id")
                .isFalse();
        assertThat(RestoredTransactionCommitter.committedBefore(null, RESTORED)).isFalse();
    }

    private static boolean committed(TransactionState state, long producerId, int epoch) {
        return RestoredTransactionCommitter.committedBefore(
                new TransactionDescription(
                        1, state, producerId, epoch, 60_000, OptionalLong.empty(), Set.of()),
                RESTORED);
    }
}
