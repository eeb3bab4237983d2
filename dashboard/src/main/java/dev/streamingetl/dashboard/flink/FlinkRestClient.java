package dev.streamingetl.dashboard.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job's health from the JobManager's REST API, the calls the Flink Web UI makes: the jobs'
 * overview, the job's checkpoints, its restarts, and per vertex the time backpressured and (for
 * sources) the records read. Not thread-safe: one poller calls it.
 */
final class FlinkRestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");

    private final String restUrl;
    private final String jobName;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
    private final ObjectMapper json = new ObjectMapper();

    /** Per source vertex, the metric that counts its records read (found once per job). */
    private final Map<String, String> recordsMetric = new HashMap<>();

    FlinkRestClient(String restUrl, String jobName, Clock clock) {
        this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.jobName = jobName;
        this.clock = clock;
    }

    /** The job's status now, or what kept it from being read. */
    FlinkStatus poll() {
        Instant now = clock.instant();
        try {
            JsonNode job = pickJob(get("/jobs/overview").path("jobs"));
            if (job == null) {
                return FlinkStatus.problem(
                        jobName.isEmpty()
                                ? "no job on the Flink cluster at " + restUrl
                                : "no job named "
                                        + jobName
                                        + "… on the Flink cluster at "
                                        + restUrl,
                        now);
            }
            return status(job, now);
        } catch (ConnectException | HttpTimeoutException e) {
            return FlinkStatus.problem(
                    "Flink's REST API at "
                            + restUrl
                            + " is unreachable ("
                            + (e instanceof ConnectException ? "connection refused" : "timed out")
                            + "); retrying",
                    now);
        } catch (IOException e) {
            return FlinkStatus.problem(
                    "Flink's REST API at " + restUrl + " answered badly: " + e.getMessage(), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FlinkStatus.problem("stopped", now);
        }
    }

    /** The named job, or else the newest running one, or else the newest. */
    private JsonNode pickJob(JsonNode jobs) {
        JsonNode best = null;
        for (JsonNode job : jobs) {
            if (!job.path("name").asText().startsWith(jobName)) {
                continue;
            }
            if (best == null || rank(job) > rank(best)) {
                best = job;
            }
        }
        return best;
    }

    private static long rank(JsonNode job) {
        boolean running = !ENDED.contains(job.path("state").asText());
        return (running ? Long.MAX_VALUE / 2 : 0) + job.path("start-time").asLong();
    }

    private FlinkStatus status(JsonNode job, Instant now) throws IOException, InterruptedException {
        String id = job.path("jid").asText();
        String state = job.path("state").asText();
        String base = "/jobs/" + id;
        String page = ENDED.contains(state) ? "completed" : "running";
        String url = restUrl + "/#/job/" + page + "/" + id + "/overview";
        Duration uptime = Duration.ofMillis(Math.max(0, job.path("duration").asLong()));
        if (state.equals("INITIALIZING")) {
            // Its JobMaster is not up yet: the details would be errors, logged by the JobManager.
            return FlinkStatus.starting(job.path("name").asText(), id, url, state, uptime, now);
        }
        JsonNode checkpoints = getOrEmpty(base + "/checkpoints");
        JsonNode completed = checkpoints.path("latest").path("completed");
        Duration age = null;
        Duration took = null;
        if (completed.isObject()) {
            age =
                    Duration.between(
                            Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong()),
                            now);
            age = age.isNegative() ? Duration.ZERO : age;
            took = Duration.ofMillis(completed.path("end_to_end_duration").asLong());
        }
        long restarts = 0;
        for (JsonNode m : getOrEmpty(base + "/metrics?get=numRestarts")) {
            restarts = m.path("value").asLong();
        }
        Double recordsIn = null;
        String busiest = null;
        double busiestShare = 0;
        for (JsonNode vertex : get(base).path("vertices")) {
            String vid = vertex.path("id").asText();
            String vertexMetrics = base + "/vertices/" + vid + "/subtasks/metrics";
            for (JsonNode m :
                    getOrEmpty(vertexMetrics + "?get=backPressuredTimeMsPerSecond&agg=max")) {
                double share = m.path("max").asDouble() / 1000;
                if (busiest == null || share > busiestShare) {
                    busiest = vertex.path("name").asText();
                    busiestShare = share;
                }
            }
            if (vertex.path("name").asText().startsWith("Source: ")) {
                String metric =
                        recordsMetric.computeIfAbsent(vid, v -> sourceRecordsMetric(vertexMetrics));
                if (metric != null) {
                    for (JsonNode m : getOrEmpty(vertexMetrics + "?get=" + metric + "&agg=sum")) {
                        recordsIn = (recordsIn == null ? 0 : recordsIn) + m.path("sum").asDouble();
                    }
                }
            }
        }
        return new FlinkStatus(
                null,
                job.path("name").asText(),
                id,
                url,
                state,
                uptime,
                restarts,
                checkpoints.path("counts").path("completed").asLong(),
                checkpoints.path("counts").path("failed").asLong(),
                age,
                took,
                recordsIn,
                busiest,
                busiestShare,
                now);
    }

    /**
     * The source operator's records-out rate, which counts the records it read: its id is the
     * operator's name as Flink spells metric scopes, e.g. {@code Source__Kafka_events.}.
     */
    private String sourceRecordsMetric(String vertexMetrics) {
        try {
            for (JsonNode m : get(vertexMetrics)) {
                String name = m.path("id").asText();
                if (name.startsWith("Source__") && name.endsWith(".numRecordsOutPerSecond")) {
                    return name;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode getOrEmpty(String path) throws IOException, InterruptedException {
        try {
            return get(path);
        } catch (ConnectException | HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return json.createArrayNode(); // e.g. no checkpoints configured
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl + path))
                                .timeout(TIMEOUT)
                                .header("Accept", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + path);
        }
        return json.readTree(response.body());
    }
}
