package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** The Parquet formats of the lake's tables, each with its contract's schema. */
public final class ParquetWriters {

    private ParquetWriters() {}

    /** The aggregate table: snappy, small files read often. */
    public static ParquetWriterFactory<SpecAggregate> aggregates(AggregateColumns columns) {
        return new ParquetWriterFactory<>(
                (ParquetBuilder<SpecAggregate>)
                        file ->
                                create(
                                        file,
                                        new WindowAggregateWriteSupport(columns),
                                        CompressionCodecName.SNAPPY));
    }

    /**
     * The raw event table: zstd, large files kept long. Columns likely unique per row (see {@link
     * #withoutDictionary}) skip the dictionary Parquet would otherwise build and drop for every
     * page; row groups are small enough that a subtask holding a file open per partition between
     * checkpoints stays within its memory.
     */
    public static ParquetWriterFactory<SpecEvent> rawEvents(PipelineSpec spec) {
        List<String> noDictionary = withoutDictionary(spec);
        return new ParquetWriterFactory<>(
                (ParquetBuilder<SpecEvent>)
                        file ->
                                create(
                                        file,
                                        new RawEventWriteSupport(spec),
                                        CompressionCodecName.ZSTD,
                                        builder -> {
                                            builder.withRowGroupSize(RAW_ROW_GROUP_BYTES);
                                            noDictionary.forEach(
                                                    c -> builder.withDictionaryEncoding(c, false));
                                            return builder;
                                        }));
    }

    /**
     * The raw columns that rarely repeat: the event time, {@code json} fields, the source offset,
     * and strings the aggregation neither groups nor counts (ids, such as {@code event_id}).
     */
    static List<String> withoutDictionary(PipelineSpec spec) {
        List<String> columns = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            boolean unused =
                    f.type() == FieldType.STRING
                            && !spec.groupBy().contains(f.name())
                            && !spec.distinct().containsValue(f.name());
            if (f.name().equals(spec.eventTime()) || f.type() == FieldType.JSON || unused) {
                columns.add(f.name());
            }
        }
        columns.add("source_offset");
        return columns;
    }

    static final long RAW_ROW_GROUP_BYTES = 16L << 20;

    /**
     * Hadoop's configuration, read once, when the first writer opens (not where the job is built):
     * a new one parses its XML resources again, which took the lake's writer ~5 ms and the JIT a
     * share of its time for every file. Parquet caches its codecs in a static map together with the
     * first writer's configuration; tying that configuration to this class's loader (not to the
     * task's context loader, closed when an attempt ends) keeps the cache valid across job
     * restarts. Each writer gets a copy, since writers may change theirs.
     */
    private static final class HadoopDefaults {
        static final Configuration CONF = read();

        private static Configuration read() {
            Configuration conf = new Configuration();
            conf.setClassLoader(ParquetWriters.class.getClassLoader());
            conf.size(); // reads the resources now, once: copies share what was read
            return conf;
        }
    }

    private static <T> ParquetWriter<T> create(
            OutputFile file, WriteSupport<T> writeSupport, CompressionCodecName codec)
            throws IOException {
        return create(file, writeSupport, codec, builder -> builder);
    }

    private static <T> ParquetWriter<T> create(
            OutputFile file,
            WriteSupport<T> writeSupport,
            CompressionCodecName codec,
            UnaryOperator<Builder<T>> tuning)
            throws IOException {
        return tuning.apply(
                        new Builder<>(file, writeSupport)
                                .withConf(new Configuration(HadoopDefaults.CONF))
                                .withCompressionCodec(codec))
                .build();
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> writeSupport;

        Builder(OutputFile file, WriteSupport<T> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }
}
