package dev.streamingetl.job.records;

import java.nio.charset.StandardCharsets;

/**
 * A record the pipeline could not use, as written to the dead-letter topic.
 *
 * @param reason machine-readable code, one of the {@code REASON_*} constants
 * @param detail human-readable explanation that names the field
 * @param raw the original record value (invalid UTF-8 replaced), cut at {@link #MAX_RAW_BYTES}
 * @param rejectedAt processing time of the rejection, epoch milliseconds
 */
public record DeadLetter(
        String reason,
        String detail,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String raw,
        long rejectedAt) {

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String EMPTY_RECORD = "empty_record";
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_FIELD = "invalid_field";
    public static final String OVERSIZED_RECORD = "oversized_record";
    public static final String LATE_EVENT = "late_event";

    /** Every reason the job writes, for metrics and documentation. */
    public static final String[] REASONS = {
        MALFORMED_JSON,
        NOT_AN_OBJECT,
        EMPTY_RECORD,
        MISSING_FIELD,
        INVALID_FIELD,
        OVERSIZED_RECORD,
        LATE_EVENT
    };

    public static final int MAX_RAW_BYTES = 64 * 1024;

    /**
     * A dead letter for the record {@code value} (null for a tombstone) read at
     * topic/partition/offset.
     */
    public static DeadLetter of(
            String reason,
            String detail,
            String topic,
            int partition,
            long offset,
            byte[] value,
            long now) {
        String raw =
                value == null
                        ? null
                        : new String(
                                value,
                                0,
                                Math.min(value.length, MAX_RAW_BYTES),
                                StandardCharsets.UTF_8);
        return new DeadLetter(reason, detail, topic, partition, offset, raw, now);
    }
}
