package dev.streamingetl.job.sinks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's Kafka committer, preceded by one question to the broker for the transactions restored
 * from a checkpoint: was it committed before the stop? Every resume restores the last checkpoint's
 * transactions, which were usually committed just after it; committing one again finds its producer
 * fenced (Kafka 4 bumps the epoch at each commit), and Flink's committer then logs an ERROR that
 * "most likely signals data loss". A transaction the broker reports committed by the same producer
 * is marked done with one INFO line instead; every other one (aborted, unknown, of another
 * producer, or the broker not answering) goes to Flink's committer as before, which still logs a
 * real failure as an ERROR.
 */
final class RestoredTransactionCommitter implements Committer<KafkaCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(RestoredTransactionCommitter.class);
    private static final long ASK_TIMEOUT_S = 10;

    private final Committer<KafkaCommittable> delegate;
    private final Properties adminConfig;
    private final String sinkName;

    RestoredTransactionCommitter(
            Committer<KafkaCommittable> delegate, Properties adminConfig, String sinkName) {
        this.delegate = delegate;
        this.adminConfig = adminConfig;
        this.sinkName = sinkName;
    }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests)
            throws IOException, InterruptedException {
        // A transaction of this run still has its producer; a restored one has none.
        List<CommitRequest<KafkaCommittable>> restored = new ArrayList<>();
        List<CommitRequest<KafkaCommittable>> toCommit = new ArrayList<>();
        for (CommitRequest<KafkaCommittable> request : requests) {
            (request.getCommittable().getProducer().isPresent() ? toCommit : restored).add(request);
        }
        if (!restored.isEmpty()) {
            Map<String, TransactionDescription> states = describe(restored);
            List<String> done = new ArrayList<>();
            for (CommitRequest<KafkaCommittable> request : restored) {
                KafkaCommittable c = request.getCommittable();
                if (committedBefore(states.get(c.getTransactionalId()), c)) {
                    request.signalAlreadyCommitted();
                    done.add(c.getTransactionalId());
                } else {
                    toCommit.add(request);
                }
            }
            if (!done.isEmpty()) {
                LOG.info(
                        "{} sink: the {} transaction(s) restored from the checkpoint had been"
                                + " committed before the stop, nothing lost: {}",
                        sinkName,
                        done.size(),
                        done);
            }
        }
        if (!toCommit.isEmpty()) {
            delegate.commit(toCommit);
        }
    }

    /**
     * True if the broker says the committable's producer committed it (or is committing it) as the
     * last transaction of its id: the epoch is the committable's (Kafka's first transaction
     * protocol) or one above it (the second bumps it at each commit). A later epoch means the id
     * carried another transaction since, and the broker cannot tell what became of this one.
     */
    static boolean committedBefore(TransactionDescription state, KafkaCommittable c) {
        return state != null
                && (state.state() == TransactionState.COMPLETE_COMMIT
                        || state.state() == TransactionState.PREPARE_COMMIT)
                && state.producerId() == c.getProducerId()
                && (state.producerEpoch() == c.getEpoch()
                        || state.producerEpoch() == c.getEpoch() + 1);
    }

    /** The broker's view of each restored transaction; none for those it cannot tell. */
    private Map<String, TransactionDescription> describe(
            List<CommitRequest<KafkaCommittable>> restored) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        restored.forEach(r -> ids.add(r.getCommittable().getTransactionalId()));
        Map<String, TransactionDescription> states = new HashMap<>();
        Properties props = new Properties();
        props.putAll(adminConfig);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (ASK_TIMEOUT_S * 1000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (ASK_TIMEOUT_S * 1000));
        try (Admin admin = Admin.create(props)) {
            var described = admin.describeTransactions(ids);
            for (String id : ids) {
                try {
                    states.put(id, described.description(id).get(ASK_TIMEOUT_S, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug(
                            "{} sink: no state for transaction {}: {}", sinkName, id, e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "{} sink: cannot ask the broker about restored transactions: {}",
                    sinkName,
                    e.toString());
        }
        return states;
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
