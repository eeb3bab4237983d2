package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The fields of a valid event that the aggregation skips, read again from its record for the raw
 * table: {@code event_id}, and {@code properties} as compact JSON (null when absent or null).
 */
public record RawFields(String eventId, String properties) {

    // The record passed validation under these limits; here they only restate them.
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(200).build())
                    .build();

    /**
     * Reads them from a record that {@link EventParser} accepted.
     *
     * @throws IOException only if the record is not one the parser accepted
     */
    public static RawFields of(byte[] record) throws IOException {
        String eventId = null;
        String properties = null;
        try (JsonParser p = JSON.createParser(record)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("event_id") && value == JsonToken.VALUE_STRING) {
                    eventId = p.getText();
                } else if (name.equals("properties") && value != JsonToken.VALUE_NULL) {
                    properties = copy(p);
                } else {
                    p.skipChildren();
                }
            }
        }
        return new RawFields(eventId, properties);
    }

    private static String copy(JsonParser p) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.copyCurrentStructure(p);
        }
        return text.toString();
    }
}
