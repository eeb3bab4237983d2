package dev.streamingetl.job.testing;

import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.records.SpecEventParser;
import dev.streamingetl.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;

/** Events of the default spec (the contract), made as the job makes them: parsed from JSON. */
public final class DefaultSpecEvents {

    public static final PipelineSpec SPEC = PipelineSpec.defaultSpec();

    private static final SpecEventParser PARSER = new SpecEventParser(SPEC, 1 << 20);

    private DefaultSpecEvents() {}

    /** An event; a NaN {@code value} leaves the field out. The offset is {@code ts}. */
    public static synchronized SpecEvent event(String type, String user, long ts, double value) {
        String json =
                "{\"event_id\":\"e-"
                        + ts
                        + "\",\"event_type\":\""
                        + type
                        + "\",\"user_id\":\""
                        + user
                        + "\",\"ts\":"
                        + ts
                        + (Double.isNaN(value) ? "" : ",\"value\":" + value)
                        + "}";
        try {
            return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), 0, ts);
        } catch (InvalidRecord e) {
            throw new AssertionError(json, e);
        }
    }
}
