package dev.streamingetl.job.functions;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.runtime.taskexecutor.GlobalAggregateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watermarks the pre-aggregating subtasks have sent downstream, exchanged through the
 * JobManager (Flink's global aggregates) every {@link #EVERY}, off the task thread. From them an
 * idle subtask learns the watermark it may send without holding the others back and without ever
 * running ahead of the window operator: the smallest of the active subtasks' (Flink's own rule for
 * idle inputs), or, when all are idle, the largest.
 */
final class SharedWatermarks implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(SharedWatermarks.class);

    private final GlobalAggregateManager manager;
    private final String name;
    private final int subtask;
    private final Follow follow;
    private final ScheduledExecutorService exchanger;
    private volatile long sent = Long.MIN_VALUE;
    private volatile boolean idle;
    private volatile long idleMayFollow = Long.MIN_VALUE;

    /**
     * {@code name} must be new for each attempt of the job: after a restore the watermarks start
     * anew, and what the subtasks sent before must not count.
     */
    SharedWatermarks(GlobalAggregateManager manager, String name, int subtask, int subtasks) {
        this.manager = manager;
        this.name = name;
        this.subtask = subtask;
        this.follow = new Follow(subtasks);
        this.exchanger =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "shared-watermarks-" + subtask);
                            t.setDaemon(true);
                            return t;
                        });
        exchanger.scheduleWithFixedDelay(
                this::exchange, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What this subtask has sent downstream, and whether its input is idle now. */
    void report(long sentWatermark, boolean inputIdle) {
        sent = sentWatermark;
        idle = inputIdle;
    }

    /**
     * The watermark an idle subtask may send, as of the last exchange; {@link Long#MIN_VALUE} until
     * every subtask has reported.
     */
    long idleMayFollow() {
        return idleMayFollow;
    }

    private void exchange() {
        try {
            Long result =
                    manager.updateGlobalAggregate(
                            name, new long[] {subtask, sent, idle ? 1 : 0}, follow);
            idleMayFollow = result;
        } catch (IOException | RuntimeException e) {
            // Only an idle subtask depends on it, and only for freshness: the next exchange
            // retries.
            LOG.debug("Exchanging watermarks failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        exchanger.shutdownNow();
    }

    /**
     * Keeps each subtask's last report ({@code [subtask, watermark, idle]}: JDK types only, as the
     * JobManager's classpath may lack ours) and computes what an idle subtask may follow.
     */
    static final class Follow implements AggregateFunction<long[], Map<Long, long[]>, Long> {

        private final int subtasks;

        Follow(int subtasks) {
            this.subtasks = subtasks;
        }

        @Override
        public Map<Long, long[]> createAccumulator() {
            return new HashMap<>();
        }

        @Override
        public Map<Long, long[]> add(long[] report, Map<Long, long[]> reports) {
            reports.put(report[0], report);
            return reports;
        }

        @Override
        public Long getResult(Map<Long, long[]> reports) {
            if (reports.size() < subtasks) {
                return Long.MIN_VALUE;
            }
            long minActive = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long[] r : reports.values()) {
                max = Math.max(max, r[1]);
                if (r[2] == 0) {
                    minActive = Math.min(minActive, r[1]);
                }
            }
            return minActive == Long.MAX_VALUE ? max : minActive;
        }

        @Override
        public Map<Long, long[]> merge(Map<Long, long[]> a, Map<Long, long[]> b) {
            a.putAll(b);
            return a;
        }
    }
}
