package dev.streamingetl.job.records;

import static dev.streamingetl.job.testing.HostileRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.job.testing.Gen;
import dev.streamingetl.job.testing.HostileRecords;
import dev.streamingetl.job.testing.PropertyCheck;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property tests of parsing and validation with hostile input: whatever bytes a producer sends, the
 * outcome is a valid event that meets the contract, or a dead letter with a known reason, a detail,
 * and a JSON form that reads back. Nothing else is ever thrown, so no record can stop the job.
 * 15,000 generated inputs per run, from a new seed each run ({@link PropertyCheck}).
 */
class HostileInputTest {

    private static final RawFields RAW =
            new RawFields(dev.streamingetl.spec.PipelineSpec.defaultSpec());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]{1,64}");

    private final EventParser parser = new EventParser(1 << 20);

    @Test
    void anyBytes() {
        PropertyCheck.forAll(5000, Gen.bytes(0, 600), this::outcome);
    }

    @Test
    void eventsWithAHostileField() {
        PropertyCheck.forAll(5000, HostileRecords.eventsWithAHostileField(), this::outcome);
    }

    @Test
    void truncatedEventsAreMalformedOrEmpty() {
        PropertyCheck.forAll(
                2000,
                HostileRecords.truncatedEvents(),
                value ->
                        assertThat(outcome(value))
                                .isIn(DeadLetter.MALFORMED_JSON, DeadLetter.EMPTY_RECORD));
    }

    @Test
    void bytesThatAreNotUtf8AreMalformed() {
        PropertyCheck.forAll(
                2000,
                HostileRecords.eventsWithInvalidUtf8(),
                value -> assertThat(outcome(value)).isEqualTo(DeadLetter.MALFORMED_JSON));
    }

    @Test
    void validEventsAreValid() {
        PropertyCheck.forAll(
                1000,
                HostileRecords.validEvents(),
                value -> assertThat(outcome(value)).isEqualTo("valid"));
    }

    @Test
    void theRejectedRecordsOfThePipelineTestAreAllRejected() throws Exception {
        for (byte[] value : HostileRecords.rejected(500, 2 << 20)) {
            assertThat(outcome(value)).as(describe(value)).isNotEqualTo("valid");
        }
    }

    @Test
    void tenThousandLevelsOfNesting() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(outcome(bytes("{\"properties\":" + deep + "}")))
                .isEqualTo(DeadLetter.MALFORMED_JSON);
        // At the top, the first bracket already says what it is.
        assertThat(outcome(bytes(deep))).isEqualTo(DeadLetter.NOT_AN_OBJECT);
    }

    @Test
    void aTenMebibyteRecord() throws Exception {
        String big =
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1,"
                        + "\"properties\":{\"blob\":\""
                        + "x".repeat(10 << 20)
                        + "\"}}";
        assertThat(outcome(bytes(big))).isEqualTo(DeadLetter.OVERSIZED_RECORD);
        // Above the limit of the default parser's strings, but under the record limit: accepted.
        assertThat(new EventParser(20 << 20).parse(bytes(big), 0, 0).eventType())
                .isEqualTo("click");
    }

    @Test
    void tombstonesAndEmptyRecords() throws Exception {
        assertThat(outcome(null)).isEqualTo(DeadLetter.EMPTY_RECORD);
        assertThat(outcome(new byte[0])).isEqualTo(DeadLetter.EMPTY_RECORD);
    }

    /**
     * Parses {@code value}: "valid" for an event that meets the contract (and whose skipped fields
     * the raw table can read), else the rejection's reason, once its dead letter has been written
     * as JSON and read back.
     */
    private String outcome(byte[] value) throws Exception {
        Event event;
        try {
            event = parser.parse(value, 3, 42);
        } catch (InvalidRecord rejected) {
            assertThat(rejected.reason()).isIn((Object[]) DeadLetter.REASONS);
            assertThat(rejected.detail()).isNotBlank();
            DeadLetter letter =
                    DeadLetter.of(rejected.reason(), rejected.detail(), "events", 3, 42, value, 0);
            JsonNode read = JSON.readTree(RecordJson.toJson(letter));
            assertThat(read.get("reason").asText()).isEqualTo(rejected.reason());
            assertThat(read.get("detail").asText()).isEqualTo(letter.detail());
            assertThat(read.get("raw").isNull() ? null : read.get("raw").asText())
                    .isEqualTo(letter.raw());
            return rejected.reason();
        }
        assertThat(TYPE.matcher(event.eventType()).matches()).as(event.eventType()).isTrue();
        assertThat(event.userId().codePointCount(0, event.userId().length())).isBetween(1, 128);
        assertThat(event.timestamp()).isBetween(0L, UtcInstants.MAX_TIMESTAMP);
        assertThat(Double.isInfinite(event.value())).isFalse();
        assertThat(strictUtf8(value)).as("accepted bytes are UTF-8").isTrue();
        String properties = RAW.read(value)[0];
        if (properties != null) {
            JSON.readTree(properties);
        }
        return "valid";
    }

    private static String describe(byte[] value) {
        if (value == null) {
            return "a tombstone";
        }
        String s = new String(value, 0, Math.min(value.length, 120), StandardCharsets.UTF_8);
        return value.length + " bytes: " + s;
    }

    private static boolean strictUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
