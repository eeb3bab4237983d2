package dev.streamingetl.dashboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One window aggregate as the analytics topic carries it (CONTRACT.md): the fields the dashboard
 * shows. Value statistics are null when no event of the window carried a value.
 */
public record Aggregate(
        Instant windowStart,
        Instant windowEnd,
        String eventType,
        long eventCount,
        long uniqueUsers,
        Double valueAvg,
        Double valueP95,
        Instant emittedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads one record value; throws {@link IllegalArgumentException} saying why it cannot. */
    public static Aggregate parse(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("empty record");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new Aggregate(
                instant(node, "window_start"),
                instant(node, "window_end"),
                text(node, "event_type"),
                number(node, "event_count"),
                number(node, "unique_users"),
                nullableDouble(node, "value_avg"),
                nullableDouble(node, "value_p95"),
                node.hasNonNull("emitted_at") ? instant(node, "emitted_at") : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("missing or invalid " + field);
        }
        return v.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid " + field);
        }
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("missing or invalid " + field);
        }
        return v.asLong();
    }

    private static Double nullableDouble(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }
}
