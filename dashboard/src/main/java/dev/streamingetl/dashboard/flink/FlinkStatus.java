package dev.streamingetl.dashboard.flink;

import java.time.Duration;
import java.time.Instant;

/**
 * What the dashboard shows of the Flink job: one of not configured, unreachable, no job, or a job's
 * figures.
 *
 * @param problem null when the figures are there; else what to tell the person watching
 * @param jobUrl the job's page in the Flink Web UI
 * @param uptime how long the job has been in its state since it started
 * @param lastCheckpointAge how long ago the newest completed checkpoint finished (null: none yet)
 * @param lastCheckpointDuration how long it took, end to end
 * @param recordsInPerSecond records the job reads per second, summed over its sources' subtasks
 *     (null: not reported yet)
 * @param busiestVertex the vertex most backpressured, and its share of time backpressured (0..1)
 */
public record FlinkStatus(
        String problem,
        String jobName,
        String jobId,
        String jobUrl,
        String state,
        Duration uptime,
        long restarts,
        long completedCheckpoints,
        long failedCheckpoints,
        Duration lastCheckpointAge,
        Duration lastCheckpointDuration,
        Double recordsInPerSecond,
        String busiestVertex,
        double busiestBackpressure,
        Instant polledAt) {

    /** A job whose JobMaster is not up yet: its name and state, no figures. */
    static FlinkStatus starting(
            String jobName,
            String jobId,
            String jobUrl,
            String state,
            Duration uptime,
            Instant at) {
        return new FlinkStatus(
                null, jobName, jobId, jobUrl, state, uptime, 0, 0, 0, null, null, null, null, 0,
                at);
    }

    static FlinkStatus problem(String problem, Instant at) {
        return new FlinkStatus(
                problem, null, null, null, null, null, 0, 0, 0, null, null, null, null, 0, at);
    }

    public boolean ok() {
        return problem == null;
    }
}
