package dev.streamingetl.job;

/**
 * Stable operator ids: a savepoint maps state to operators by these. Never rename a shipped one;
 * add new ones for new operators.
 */
public final class Uids {
    public static final String SOURCE = "kafka-events-source";
    public static final String VALIDATE = "validate-events";

    /**
     * The pre-aggregation keeps the checkpointed watermark, which the restored-watermark filter
     * before the window operator used to keep: under the old id, old checkpoints restore into it.
     */
    public static final String PRE_AGGREGATE = "restored-watermark-filter";

    public static final String WINDOW = "aggregate-windows";
    public static final String LATE_EVENTS = "late-events";
    public static final String LATE_CONTRIBUTIONS = "late-window-contributions";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String LAKE_BATCHER = "lake-batcher";
    public static final String LAKE_SINK = "parquet-lake-sink";
    public static final String RAW_SINK = "raw-events-sink";
    public static final String ORPHAN_FILE_CLEANER = "orphan-file-cleaner";
    public static final String ICEBERG_LAKE_SINK = "iceberg-lake-sink";
    public static final String ICEBERG_RAW_SINK = "iceberg-raw-sink";
    public static final String ANALYTICS_SINK = "analytics-topic-sink";

    private Uids() {}
}
