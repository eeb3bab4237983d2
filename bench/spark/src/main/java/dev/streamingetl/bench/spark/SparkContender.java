package dev.streamingetl.bench.spark;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The same computation in Spark Structured Streaming, as the design this project replaces did it:
 * Kafka source, our parser, a 5 s watermark and 10 s tumbling windows with the same figures, and
 * one {@code foreachBatch} that writes each batch of finished windows to Hive-partitioned Parquet
 * and to a Kafka topic (reading the topic once, as Spark's documentation advises for two sinks).
 * {@code availableNow}: read what is there, then stop. Bad records are dropped (no dead-letter
 * topic) and the Kafka sink is at-least-once: both less work than ours.
 */
public final class SparkContender {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String output = args[2];
        String dir = args[3];
        int cores = Integer.parseInt(args[4]);

        SparkSession spark =
                SparkSession.builder()
                        .master("local[" + cores + "]")
                        .appName("streaming-etl-bench")
                        // Spark's tuning guide: shuffle partitions to the cores, not the default
                        // 200.
                        .config("spark.sql.shuffle.partitions", cores)
                        .config("spark.sql.session.timeZone", "UTC")
                        .config("spark.ui.enabled", "false")
                        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                        .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");

        StructType schema =
                new StructType()
                        .add("event_type", DataTypes.StringType, false)
                        .add("user_id", DataTypes.StringType, false)
                        .add("ts", DataTypes.TimestampType, false)
                        .add("value", DataTypes.DoubleType, true);
        Dataset<Row> events =
                spark.readStream()
                        .format("kafka")
                        .option("kafka.bootstrap.servers", bootstrap)
                        .option("subscribe", topic)
                        .option("startingOffsets", "earliest")
                        .load()
                        .select("value", "partition", "offset")
                        .mapPartitions(
                                (MapPartitionsFunction<Row, Row>) SparkContender::parse,
                                Encoders.row(schema));

        Dataset<Row> aggregates =
                events.withWatermark("ts", "5 seconds")
                        .groupBy(window(col("ts"), "10 seconds"), col("event_type"))
                        .agg(
                                count(lit(1)).as("event_count"),
                                approx_count_distinct("user_id").as("unique_users"),
                                count("value").as("value_count"),
                                sum("value").as("value_sum"),
                                min("value").as("value_min"),
                                max("value").as("value_max"),
                                avg("value").as("value_avg"),
                                percentile_approx(
                                                col("value"),
                                                array(lit(0.5), lit(0.95), lit(0.99)),
                                                lit(200))
                                        .as("q"))
                        .select(
                                col("window.start").as("window_start"),
                                col("window.end").as("window_end"),
                                col("event_type"),
                                col("event_count"),
                                col("unique_users"),
                                col("value_count"),
                                col("value_sum"),
                                col("value_min"),
                                col("value_max"),
                                col("value_avg"),
                                col("q").getItem(0).as("value_p50"),
                                col("q").getItem(1).as("value_p95"),
                                col("q").getItem(2).as("value_p99"),
                                current_timestamp().as("emitted_at"));

        aggregates
                .writeStream()
                .outputMode("append")
                .trigger(Trigger.AvailableNow())
                .option("checkpointLocation", dir + "/checkpoints")
                .foreachBatch(
                        (VoidFunction2<Dataset<Row>, Long>)
                                (batch, id) -> {
                                    batch.persist();
                                    batch.withColumn(
                                                    "dt",
                                                    date_format(col("window_start"), "yyyy-MM-dd"))
                                            .withColumn(
                                                    "hour", date_format(col("window_start"), "HH"))
                                            .write()
                                            .mode("append")
                                            .partitionBy("event_type", "dt", "hour")
                                            .option("compression", "snappy")
                                            .parquet(dir + "/lake");
                                    batch.select(
                                                    col("event_type").cast("binary").as("key"),
                                                    to_json(struct(col("*"))).as("value"))
                                            .write()
                                            .format("kafka")
                                            .option("kafka.bootstrap.servers", bootstrap)
                                            .option("topic", output)
                                            .save();
                                    batch.unpersist();
                                })
                .start()
                .awaitTermination();
        spark.stop();
    }

    /** Parses lazily, record by record, skipping bad ones. */
    private static Iterator<Row> parse(Iterator<Row> records) {
        EventParser parser = new EventParser(1 << 20);
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (records.hasNext()) {
                    Row r = records.next();
                    try {
                        Event e = parser.parse((byte[]) r.get(0), r.getInt(1), r.getLong(2));
                        return RowFactory.create(
                                e.eventType(),
                                e.userId(),
                                new Timestamp(e.timestamp()),
                                e.hasValue() ? e.value() : null);
                    } catch (InvalidRecord bad) {
                        // Dropped: the Spark design had no dead-letter topic.
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                Row current = next;
                next = advance();
                return current;
            }
        };
    }
}
