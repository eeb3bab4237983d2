package dev.streamingetl.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;

/** Reads a job's operator metrics over Flink's REST API, as the Web UI does. */
public final class FlinkMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FlinkMetrics() {}

    /**
     * The values of metric {@code name} of every subtask of the vertex whose name contains {@code
     * vertex}, by subtask index (a chained operator's metrics are its vertex's).
     */
    public static List<Long> perSubtask(String restUrl, JobID job, String vertex, String name)
            throws IOException, InterruptedException {
        String base = restUrl + "/jobs/" + job;
        String vertexId = null;
        for (JsonNode v : get(base).path("vertices")) {
            if (v.path("name").asText().contains(vertex)) {
                vertexId = v.path("id").asText();
            }
        }
        if (vertexId == null) {
            throw new AssertionError("no vertex named like '" + vertex + "' in job " + job);
        }
        String metrics = base + "/vertices/" + vertexId + "/metrics";
        List<String> ids = new ArrayList<>();
        for (JsonNode m : get(metrics)) {
            if (m.path("id").asText().endsWith("." + name)) {
                ids.add(m.path("id").asText());
            }
        }
        TreeMap<Integer, Long> bySubtask = new TreeMap<>();
        if (!ids.isEmpty()) {
            String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
            for (JsonNode m : get(metrics + "?get=" + query)) {
                String id = m.path("id").asText();
                int subtask = Integer.parseInt(id.substring(0, id.indexOf('.')));
                bySubtask.put(subtask, (long) Double.parseDouble(m.path("value").asText()));
            }
        }
        return new ArrayList<>(bySubtask.values());
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
