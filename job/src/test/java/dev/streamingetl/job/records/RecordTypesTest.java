package dev.streamingetl.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.Pipeline;
import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Tests that no type of the job falls back to Kryo. */
class RecordTypesTest {

    @Test
    void ourRecordsArePojos() {
        assertThat(RecordTypes.EVENT).isInstanceOf(PojoTypeInfo.class);
        assertThat(RecordTypes.DEAD_LETTER).isInstanceOf(PojoTypeInfo.class);
        assertThat(RecordTypes.WINDOW_AGGREGATE).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void wholeJobBuildsWithGenericTypesDisabled() throws Exception {
        var conf =
                FlinkSettings.jobConfiguration(JobConfig.parse("--kafka-bootstrap", "127.0.0.1:1"));
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Pipeline.build(env, JobConfig.parse("--kafka-bootstrap", "127.0.0.1:1"));
        // Creating the stream graph creates every edge's serializer; a generic type would throw
        // here.
        assertThat(env.getStreamGraph().getStreamNodes()).hasSizeGreaterThan(4);
    }
}
