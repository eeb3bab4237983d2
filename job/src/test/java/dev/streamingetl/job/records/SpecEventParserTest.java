package dev.streamingetl.job.records;

import static dev.streamingetl.job.testing.HostileRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamingetl.job.testing.Gen;
import dev.streamingetl.job.testing.HostileRecords;
import dev.streamingetl.job.testing.PropertyCheck;
import dev.streamingetl.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link SpecEventParser}: on the default spec, the same outcome as {@link EventParser}
 * for every input (its oracle), and the rules of other specs.
 */
class SpecEventParserTest {

    private static final int MAX = 1 << 20;

    private final EventParser oracle = new EventParser(MAX);
    private final SpecEventParser parser = new SpecEventParser(PipelineSpec.defaultSpec(), MAX);

    @TempDir Path dir;

    @Test
    void onTheDefaultSpecEveryGeneratedInputHasTheContractParsersOutcome() {
        PropertyCheck.forAll(3000, HostileRecords.validEvents(), this::sameOutcome);
        PropertyCheck.forAll(5000, HostileRecords.eventsWithAHostileField(), this::sameOutcome);
        PropertyCheck.forAll(2000, HostileRecords.truncatedEvents(), this::sameOutcome);
        PropertyCheck.forAll(2000, HostileRecords.eventsWithInvalidUtf8(), this::sameOutcome);
        PropertyCheck.forAll(3000, Gen.bytes(0, 300), this::sameOutcome);
    }

    @Test
    void onTheDefaultSpecEveryRejectedRecordOfThePipelineTestHasTheSameReasonAndDetail()
            throws Exception {
        for (byte[] value : HostileRecords.rejected(500, 2 << 20)) {
            sameOutcome(value);
        }
        sameOutcome(
                bytes(
                        "{\"event_id\":\"e\",\"event_type\":\"a\",\"user_id\":\"u\",\"ts\":1,\"value\":null,\"value\":2}"));
        sameOutcome(
                bytes(
                        "{\"event_id\":\"e\",\"event_type\":\"a\",\"user_id\":\"u\",\"ts\":1,\"properties\":1,\"properties\":[]}"));
    }

    @Test
    void nestedPathsFormatsNormalizationAndRules() throws Exception {
        SpecEventParser sensors =
                new SpecEventParser(
                        PipelineSpec.load(
                                Files.writeString(
                                        dir.resolve("sensors.yaml"),
                                        """
                                        fields:
                                          site:  {type: string, required: true, path: meta.site, normalize: [trim, upper]}
                                          kind:  {type: string, required: true, enum: [temp, humidity]}
                                          at:    {type: number, required: false}
                                          t:     {type: timestamp, required: true, format: epoch_seconds}
                                          level: {type: integer, min: 0, max: 100}
                                          ok:    {type: boolean}
                                        event_time: t
                                        group_by: [site, kind]
                                        """)),
                        MAX);
        SpecEvent e =
                sensors.parse(
                        bytes(
                                "{\"meta\":{\"x\":[1],\"site\":\" b7 \"},\"kind\":\"temp\",\"t\":1764000930.5,\"level\":42,\"ok\":true,\"other\":{}}"),
                        2,
                        9);
        assertThat(e.strings()[sensors.slot("site")]).isEqualTo("B7");
        assertThat(e.strings()[sensors.slot("kind")]).isEqualTo("temp");
        assertThat(e.eventTime()).isEqualTo(1_764_000_930_500L);
        assertThat(e.longs()[sensors.slot("level")]).isEqualTo(42);
        assertThat(e.longs()[sensors.slot("ok")]).isEqualTo(1);
        assertThat(Double.isNaN(e.numbers()[sensors.slot("at")])).isTrue();

        assertRejected(
                sensors,
                "{\"kind\":\"temp\",\"t\":1}",
                DeadLetter.MISSING_FIELD,
                "missing required field site (meta.site)");
        assertRejected(
                sensors,
                "{\"meta\":\"b7\",\"kind\":\"temp\",\"t\":1}",
                DeadLetter.MISSING_FIELD,
                "missing required field site (meta.site)");
        assertRejected(
                sensors,
                "{\"meta\":{\"site\":\"b\"},\"kind\":\"wind\",\"t\":1}",
                DeadLetter.INVALID_FIELD,
                "kind 'wind' must be one of [temp, humidity]");
        assertRejected(
                sensors,
                "{\"meta\":{\"site\":\"b\"},\"kind\":\"temp\",\"t\":1,\"level\":101}",
                DeadLetter.INVALID_FIELD,
                "level 101 is above the maximum 100.0");
        assertRejected(
                sensors,
                "{\"meta\":{\"site\":\"b\"},\"kind\":\"temp\",\"t\":1,\"level\":1.5}",
                DeadLetter.INVALID_FIELD,
                "level must be an integer of 64 bits, not a number");
        assertRejected(
                sensors,
                "{\"meta\":{\"site\":\"b\"},\"kind\":\"temp\",\"t\":\"2026-11-24T10:00:00Z\"}",
                DeadLetter.INVALID_FIELD,
                "t must be epoch seconds (a number), not a string");
        assertRejected(
                sensors,
                "{\"meta\":{\"site\":\"b\",\"site\":\"c\"},\"kind\":\"temp\",\"t\":1}",
                DeadLetter.INVALID_FIELD,
                "field site (meta.site) appears more than once");
        assertRejected(
                sensors,
                "{\"meta\":{\"site\":\"b\"},\"kind\":\"temp\",\"t\":1,\"ok\":\"yes\"}",
                DeadLetter.INVALID_FIELD,
                "ok must be true or false, not a string");
    }

    private static void assertRejected(
            SpecEventParser parser, String json, String reason, String detail) {
        assertThatThrownBy(() -> parser.parse(bytes(json), 0, 0))
                .isInstanceOfSatisfying(
                        InvalidRecord.class,
                        r -> {
                            assertThat(r.reason()).isEqualTo(reason);
                            assertThat(r.detail()).isEqualTo(detail);
                        });
    }

    /** Both parsers accept {@code value} with the same fields, or reject it alike. */
    private void sameOutcome(byte[] value) throws Exception {
        Event expected;
        try {
            expected = oracle.parse(value, 1, 7);
        } catch (InvalidRecord rejected) {
            assertThatThrownBy(() -> parser.parse(value, 1, 7))
                    .isInstanceOfSatisfying(
                            InvalidRecord.class,
                            r -> {
                                assertThat(r.reason()).isEqualTo(rejected.reason());
                                assertThat(r.detail()).isEqualTo(rejected.detail());
                            });
            return;
        }
        SpecEvent actual = parser.parse(value, 1, 7);
        assertThat(actual.strings()[parser.slot("event_type")]).isEqualTo(expected.eventType());
        assertThat(actual.strings()[parser.slot("user_id")]).isEqualTo(expected.userId());
        assertThat(actual.eventTime()).isEqualTo(expected.timestamp());
        // Boxed, so that NaN (no value) equals NaN.
        assertThat(Double.valueOf(actual.numbers()[parser.slot("value")]))
                .isEqualTo(Double.valueOf(expected.value()));
        assertThat(actual.raw()).isSameAs(value);
    }
}
