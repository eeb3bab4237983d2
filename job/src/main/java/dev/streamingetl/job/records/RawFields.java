package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code json} fields of a valid event, which the aggregation never reads, read again from its
 * record for the raw table as compact JSON (null when absent or null).
 */
public final class RawFields implements Serializable {

    // The record passed validation under these limits; here they only restate them.
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(200).build())
                    .build();

    private final Node root = new Node();
    private final int count;

    public RawFields(PipelineSpec spec) {
        int n = 0;
        for (FieldSpec f : spec.fields()) {
            if (f.type() == FieldType.JSON) {
                Node node = root;
                for (String key : f.path()) {
                    node = node.children.computeIfAbsent(key, k -> new Node());
                }
                node.field = n++;
            }
        }
        count = n;
    }

    /**
     * Reads them from a record that {@link SpecEventParser} accepted, in spec order.
     *
     * @throws IOException only if the record is not one the parser accepted
     */
    public String[] read(byte[] record) throws IOException {
        String[] values = new String[count];
        if (count == 0) {
            return values;
        }
        try (JsonParser p = JSON.createParser(record)) {
            p.nextToken();
            read(p, root, values);
        }
        return values;
    }

    private static void read(JsonParser p, Node node, String[] values) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Node child = node.children.get(p.currentName());
            JsonToken value = p.nextToken();
            if (child == null) {
                p.skipChildren();
            } else if (child.field >= 0) {
                values[child.field] = value == JsonToken.VALUE_NULL ? null : copy(p);
            } else if (value == JsonToken.START_OBJECT) {
                read(p, child, values);
            } else {
                p.skipChildren();
            }
        }
    }

    private static String copy(JsonParser p) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.copyCurrentStructure(p);
        }
        return text.toString();
    }

    private static final class Node implements Serializable {
        final Map<String, Node> children = new HashMap<>();
        int field = -1;
    }
}
