package dev.streamingetl.dashboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One window aggregate as the analytics topic carries it, for any pipeline spec
 * (docs/pipeline-spec.md): the window, the group values (every text column but the times), the
 * event count, the first distinct column and the first measure's aggregates. The record says which
 * is which: measures' columns end in an aggregate's name ({@code value_p95}) and come after the
 * distinct columns.
 *
 * @param series the group values joined with {@link #SEPARATOR}, in the record's order
 * @param distinct the first distinct column, or null if the spec has none
 * @param measure the first measure's field, or null if the spec has none
 * @param measureFigures its aggregates in column order, named by aggregate ({@code avg}); a null
 *     value when no event of the window carried the measure
 */
public record Aggregate(
        Instant windowStart,
        Instant windowEnd,
        String series,
        long eventCount,
        Figure distinct,
        String measure,
        List<Figure> measureFigures,
        Instant emittedAt) {

    /** Between the group values of a series name, e.g. {@code site-1 / temperature}. */
    public static final String SEPARATOR = " / ";

    /** An aggregate's suffix in a measure's column names, as the spec format lists them. */
    private static final Set<String> AGGREGATES =
            Set.of("count", "sum", "min", "max", "avg", "p50", "p75", "p90", "p95", "p99", "p999");

    private static final Set<String> TIMES = Set.of("window_start", "window_end", "emitted_at");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A named figure of an aggregate; null when the window has none. */
    public record Figure(String name, Double value) {}

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
        Instant windowStart = instant(node, "window_start");
        Instant windowEnd = instant(node, "window_end");
        long eventCount = number(node, "event_count");
        List<String> group = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (TIMES.contains(name) || name.equals("event_count")) {
                continue;
            }
            if (v.isTextual()) {
                group.add(v.asText());
            } else if (v.isNumber() || v.isNull()) {
                figures.add(new Figure(name, v.isNumber() ? v.asDouble() : null));
            }
        }
        if (group.isEmpty()) {
            throw new IllegalArgumentException("no group value (a text column)");
        }
        // Measures come last: the columns from the first one on all end in an aggregate's name.
        int measures = figures.size();
        while (measures > 0 && aggregateOf(figures.get(measures - 1).name()) != null) {
            measures--;
        }
        String measure = null;
        List<Figure> measureFigures = new ArrayList<>();
        if (measures < figures.size()) {
            String first = figures.get(measures).name();
            measure = first.substring(0, first.length() - aggregateOf(first).length() - 1);
            for (Figure f : figures.subList(measures, figures.size())) {
                if (!f.name().equals(measure + "_" + aggregateOf(f.name()))) {
                    break;
                }
                measureFigures.add(new Figure(aggregateOf(f.name()), f.value()));
            }
        }
        return new Aggregate(
                windowStart,
                windowEnd,
                String.join(SEPARATOR, group),
                eventCount,
                measures > 0 ? figures.get(0) : null,
                measure,
                List.copyOf(measureFigures),
                node.hasNonNull("emitted_at") ? instant(node, "emitted_at") : null);
    }

    /** The aggregate a column name ends in ({@code p95} of {@code value_p95}), or null. */
    private static String aggregateOf(String column) {
        int underscore = column.lastIndexOf('_');
        if (underscore <= 0) {
            return null;
        }
        String suffix = column.substring(underscore + 1);
        return AGGREGATES.contains(suffix) ? suffix : null;
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
}
