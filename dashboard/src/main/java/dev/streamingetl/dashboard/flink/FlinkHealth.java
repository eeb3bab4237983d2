package dev.streamingetl.dashboard.flink;

import dev.streamingetl.dashboard.model.DashboardFeed;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * Polls the Flink job's health for every open page at once (one client, however many pages) and
 * hands it to the feed; with {@code flink.rest-url} unset it only tells the feed how to set it.
 */
@Service
public class FlinkHealth implements AutoCloseable {

    static final String NOT_CONFIGURED =
            "Flink: not watched. Set flink.rest-url to the JobManager's REST address"
                    + " (e.g. --flink.rest-url=http://localhost:8081) to see the job's state,"
                    + " checkpoints and backpressure here.";

    private final ScheduledExecutorService poller;

    public FlinkHealth(FlinkProperties properties, DashboardFeed feed) {
        if (properties.restUrl() == null || properties.restUrl().isBlank()) {
            feed.flink(FlinkStatus.problem(NOT_CONFIGURED, Clock.systemUTC().instant()));
            poller = null;
            return;
        }
        FlinkRestClient client =
                new FlinkRestClient(properties.restUrl(), properties.jobName(), Clock.systemUTC());
        poller =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "flink-health");
                            t.setDaemon(true);
                            return t;
                        });
        poller.scheduleWithFixedDelay(
                () -> {
                    // An exception would end the schedule: the panel would freeze on old figures.
                    try {
                        feed.flink(client.poll());
                    } catch (RuntimeException e) {
                        feed.flink(
                                FlinkStatus.problem(
                                        "reading Flink's REST API failed: " + e,
                                        Clock.systemUTC().instant()));
                    }
                },
                0,
                properties.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
