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
    void deadLettersArePojosAndEventsAndAggregatesHaveTheirOwnSerializers() {
        assertThat(RecordTypes.DEAD_LETTER).isInstanceOf(PojoTypeInfo.class);
        assertThat(RecordTypes.WINDOW_AGGREGATE.createSerializer(new SerializerConfigImpl()))
                .isSameAs(SpecAggregateSerializer.INSTANCE);
        assertThat(RecordTypes.EVENT.createSerializer(new SerializerConfigImpl()))
                .isSameAs(SpecEventSerializer.INSTANCE);
    }

    @Test
    void eventsSurviveTheirSerializerWithEveryField() throws Exception {
        String longUser = "u".repeat(70_000); // beyond writeUTF's 64 KiB
        for (SpecEvent e :
                List.of(
                        new SpecEvent(
                                new String[] {"click", "u-1", null},
                                new double[] {12.5, Double.NaN},
                                new long[] {1_795_514_400_123L, -1L},
                                0b1011,
                                1_795_514_400_123L,
                                3,
                                42L,
                                new byte[] {1, 2}),
                        new SpecEvent(
                                new String[] {longUser, ""},
                                new double[0],
                                new long[] {Long.MAX_VALUE},
                                -1L,
                                Long.MAX_VALUE,
                                7,
                                Long.MAX_VALUE,
                                null))) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            SpecEventSerializer.INSTANCE.serialize(e, out);
            SpecEvent back =
                    SpecEventSerializer.INSTANCE.deserialize(
                            new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(e);
        }
    }

    @Test
    void aggregatesSurviveTheirSerializerWithEveryKindOfValue() throws Exception {
        SpecAggregate a =
                new SpecAggregate(
                        0,
                        10_000,
                        new String[] {"eu|west", ""},
                        new Object[] {3L, 2L, 0L, null, -0.0, Double.MAX_VALUE},
                        123);
        DataOutputSerializer out = new DataOutputSerializer(64);
        SpecAggregateSerializer.INSTANCE.serialize(a, out);
        assertThat(
                        SpecAggregateSerializer.INSTANCE.deserialize(
                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isEqualTo(a);
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
