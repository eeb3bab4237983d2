package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.WindowAggregate;
import java.io.IOException;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** The Parquet format of the lake's aggregate files: snappy, the contract's schema. */
public final class WindowAggregateParquet {

    private WindowAggregateParquet() {}

    public static ParquetWriterFactory<WindowAggregate> writerFactory() {
        return new ParquetWriterFactory<>(
                (ParquetBuilder<WindowAggregate>) WindowAggregateParquet::createWriter);
    }

    private static ParquetWriter<WindowAggregate> createWriter(OutputFile file) throws IOException {
        // Parquet caches its codecs in a static map together with the first writer's Hadoop
        // configuration; tying that configuration to this class's loader (not to the task's context
        // loader, closed when an attempt ends) keeps the cache valid across job restarts.
        Configuration conf = new Configuration();
        conf.setClassLoader(WindowAggregateParquet.class.getClassLoader());
        return new Builder(file)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build();
    }

    private static final class Builder extends ParquetWriter.Builder<WindowAggregate, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<WindowAggregate> getWriteSupport(Configuration conf) {
            return new WindowAggregateWriteSupport();
        }
    }
}
