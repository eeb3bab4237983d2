package dev.streamingetl.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.PipelineSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an event's field values as the JSON of a spec's fields: nested paths as nested objects.
 * Not thread-safe.
 */
final class EventWriter {

    /** A value written as it is, unquoted. */
    record Raw(String json) {}

    private final PipelineSpec spec;
    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final JsonFactory json = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    EventWriter(PipelineSpec spec) {
        this.spec = spec;
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            place(fields.get(i).path(), i);
        }
    }

    /** Puts field {@code index} at {@code path} in the tree of nested objects the events take. */
    @SuppressWarnings("unchecked")
    private void place(List<String> path, int index) {
        Map<String, Object> node = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<>());
            if (!(child instanceof Map)) {
                throw new IllegalArgumentException(
                        spec.source() + ": a field's path runs through field " + path.get(i));
            }
            node = (Map<String, Object>) child;
        }
        node.put(path.get(path.size() - 1), index);
    }

    /** The event of {@code values}; field {@code twice}, if not -1, written two times. */
    byte[] write(Object[] values, int twice) {
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer)) {
            writeObject(g, tree, values, twice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static void writeObject(
            JsonGenerator g, Map<String, Object> node, Object[] values, int twice)
            throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> child) {
                g.writeFieldName(e.getKey());
                writeObject(g, (Map<String, Object>) child, values, twice);
                continue;
            }
            int field = (Integer) e.getValue();
            Object value = values[field];
            for (int times = field == twice ? 2 : 1; times > 0 && value != null; times--) {
                g.writeFieldName(e.getKey());
                writeValue(g, value);
            }
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeRawValue(((Raw) value).json());
        }
    }
}
