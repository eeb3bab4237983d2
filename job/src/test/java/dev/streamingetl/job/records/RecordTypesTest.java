package dev.streamingetl.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.Pipeline;
import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Tests that no type of the job falls back to Kryo. */
class RecordTypesTest {

    @Test
    void outputRecordsArePojosAndEventsHaveTheirOwnSerializer() {
        assertThat(RecordTypes.DEAD_LETTER).isInstanceOf(PojoTypeInfo.class);
        assertThat(RecordTypes.WINDOW_AGGREGATE).isInstanceOf(PojoTypeInfo.class);
        assertThat(RecordTypes.EVENT.createSerializer(new SerializerConfigImpl()))
                .isSameAs(EventSerializer.INSTANCE);
    }

    @Test
    void eventsSurviveTheirSerializerWithEveryField() throws Exception {
        String longUser = "u".repeat(70_000); // beyond writeUTF's 64 KiB
        for (Event e :
                List.of(
                        new Event(
                                "click",
                                "u-1",
                                1_795_514_400_123L,
                                12.5,
                                3,
                                42L,
                                new byte[] {1, 2}),
                        new Event("page_view", longUser, -1L, Double.NaN, 0, 0L, null),
                        new Event("x", "", Long.MAX_VALUE, -0.0, 7, Long.MAX_VALUE, new byte[0]))) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            EventSerializer.INSTANCE.serialize(e, out);
            Event back =
                    EventSerializer.INSTANCE.deserialize(
                            new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(e);
        }
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
