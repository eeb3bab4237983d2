package dev.streamingetl.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamingetl.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventWriterTest {

    private static final PipelineSpec SPEC =
            FieldValuesTest.parse(
                    """
                    fields:
                      ts: {type: timestamp, required: true}
                      site: {type: string, required: true, path: meta.site}
                      zone: {type: string, path: meta.geo.zone}
                      value: {type: number}
                    event_time: ts
                    group_by: [site]
                    """);

    @Test
    void dottedPathsBecomeNestedObjectsAndNullsAreLeftOut() {
        EventWriter writer = new EventWriter(SPEC);
        assertThat(text(writer.write(new Object[] {1000L, "s1", "z", 2.5}, -1)))
                .isEqualTo(
                        "{\"ts\":1000,\"meta\":{\"site\":\"s1\",\"geo\":{\"zone\":\"z\"}},\"value\":2.5}");
        assertThat(text(writer.write(new Object[] {1000L, "s1", null, null}, -1)))
                .isEqualTo("{\"ts\":1000,\"meta\":{\"site\":\"s1\",\"geo\":{}}}");
    }

    @Test
    void aFieldCanBeWrittenTwiceAndRawValuesAsTheyAre() {
        EventWriter writer = new EventWriter(SPEC);
        assertThat(
                        text(
                                writer.write(
                                        new Object[] {
                                            new EventWriter.Raw("1e400"), "s", null, null
                                        },
                                        0)))
                .isEqualTo("{\"ts\":1e400,\"ts\":1e400,\"meta\":{\"site\":\"s\",\"geo\":{}}}");
    }

    @Test
    void aPathThroughAnotherFieldIsRefused() throws Exception {
        PipelineSpec clash =
                FieldValuesTest.parse(
                        """
                        fields:
                          ts: {type: timestamp, required: true}
                          meta: {type: string, required: true}
                          site: {type: string, path: meta.site}
                        event_time: ts
                        group_by: [meta]
                        """);
        assertThatThrownBy(() -> new EventWriter(clash))
                .hasMessageContaining("a field's path runs through field meta");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
