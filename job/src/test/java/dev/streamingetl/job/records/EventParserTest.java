package dev.streamingetl.job.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link EventParser}. */
class EventParserTest {

    private final EventParser parser = new EventParser(1 << 20);

    @Test
    void parsesTheContractExample() throws Exception {
        Event e =
                parse(
                        "{\"event_id\":\"e-000000042\",\"event_type\":\"page_view\",\"user_id\":\"u-1842\","
                                + "\"ts\":1764000930123,\"value\":12.5,\"properties\":{\"page\":\"/home\",\"country\":\"DE\"}}");
        assertThat(e.eventType()).isEqualTo("page_view");
        assertThat(e.userId()).isEqualTo("u-1842");
        assertThat(e.timestamp()).isEqualTo(1764000930123L);
        assertThat(e.value()).isEqualTo(12.5);
        assertThat(e.sourcePartition()).isEqualTo(3);
        assertThat(e.sourceOffset()).isEqualTo(77);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"2026-11-24T10:15:30.123Z\"|1795515330123",
                "\"2026-11-24T11:15:30.123+01:00\"|1795515330123",
                "\"2026-11-24T10:15:30Z\"|1795515330000",
                "1795515330123|1795515330123",
                "0|0"
            })
    void readsBothTimestampForms(String ts, long expected) throws Exception {
        assertThat(parse(event("\"click\"", ts, "1")).timestamp()).isEqualTo(expected);
    }

    @Test
    void trimsAndLowerCasesTheEventType() throws Exception {
        assertThat(parse(event("\"  Page_VIEW\\t\"", "1", "1")).eventType()).isEqualTo("page_view");
    }

    @Test
    void aTypeSeenBeforeGivesTheSameCheckedTypeAndABadOneStaysBad() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(parse(event("\" Click\"", "1", "1")).eventType()).isEqualTo("click");
            assertThatThrownBy(() -> parse(event("\"Click-Me\"", "1", "1")))
                    .isInstanceOf(InvalidRecord.class)
                    .hasMessageContaining("event_type 'Click-Me' must match");
        }
    }

    @Test
    void theFastPathForUtcInstantsAgreesWithTheJdkAndLeavesTheRestToIt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        String alphabet = "0123456789-:.TZtz+ ";
        for (int i = 0; i < 20_000; i++) {
            long nanos = random.nextLong(1_000_000_000L);
            String text =
                    java.time.Instant.ofEpochSecond(
                                    random.nextLong(UtcInstants.MAX_TIMESTAMP / 1000), nanos)
                            .toString();
            int digits = random.nextInt(10);
            int dot = text.indexOf('.');
            String whole = dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot);
            String fraction = String.format("%09d", nanos).substring(0, digits);
            text = whole + (digits == 0 ? "" : "." + fraction) + "Z";
            assertThat(UtcInstants.utcMillis(text)).as(text).isEqualTo(jdkMillis(text));

            char[] mutated = text.toCharArray();
            mutated[random.nextInt(mutated.length)] =
                    alphabet.charAt(random.nextInt(alphabet.length()));
            String other = new String(mutated);
            long fast = UtcInstants.utcMillis(other);
            if (fast >= 0) {
                assertThat(fast).as(other).isEqualTo(jdkMillis(other));
            }
        }
        assertThat(UtcInstants.utcMillis("2026-02-29T00:00:00Z")).isEqualTo(-1);
        assertThat(UtcInstants.utcMillis("2028-02-29T23:59:59.999Z")).isEqualTo(1_835_481_599_999L);
        assertThat(UtcInstants.utcMillis("2026-11-24T11:15:30.123+01:00")).isEqualTo(-1);
        assertThat(UtcInstants.utcMillis("2026-11-24T24:00:00Z")).isEqualTo(-1);
    }

    private static long jdkMillis(String text) {
        return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }

    @Test
    void valuesParseExactlyAsTheJdkParsesThem() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        java.util.List<String> texts =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "0.1",
                                "2.2250738585072012e-308",
                                "4.9e-324",
                                "1.7976931348623157E308",
                                "123456789012345678901234567890.5",
                                "0.30000000000000004",
                                "-1e-7"));
        for (int i = 0; i < 2000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                texts.add(Double.toString(d));
            }
            texts.add(String.format(java.util.Locale.ROOT, "%.17g", random.nextDouble() * 1e6));
        }
        for (String text : texts) {
            assertThat(parse(event("\"click\"", "1", text)).value())
                    .as(text)
                    .isEqualTo(Double.parseDouble(text));
        }
    }

    @Test
    void absentOrNullValueMeansNoValue() throws Exception {
        assertThat(parse(event("\"click\"", "1", null)).hasValue()).isFalse();
        assertThat(parse(event("\"click\"", "1", "null")).hasValue()).isFalse();
        assertThat(parse(event("\"click\"", "1", "-0")).value()).isEqualTo(-0.0);
        assertThat(parse(event("\"click\"", "1", "7")).value()).isEqualTo(7.0);
    }

    @Test
    void ignoresUnknownFieldsAndDeepProperties() throws Exception {
        String nested = "[".repeat(150) + "]".repeat(150);
        Event e =
                parse(
                        "{\"x\":{\"y\":[1,2,{\"z\":null}]},\"properties\":"
                                + nested
                                + ","
                                + event("\"click\"", "5", "1").substring(1));
        assertThat(e.eventType()).isEqualTo("click");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|malformed_json",
                "{\"event_id\":\"e1\",|malformed_json",
                "{\"event_id\":\"e1\"} trailing|malformed_json",
                "{\"event_id\":NaN}|malformed_json",
                "[1,2]|not_an_object",
                "\"a string\"|not_an_object",
                "42|not_an_object",
                "{\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1}|missing_field",
                "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":1}|missing_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"ts\":1}|missing_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\"}|missing_field",
                "{\"event_id\":null,\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1}|missing_field",
                "{\"event_id\":\"\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1}|invalid_field",
                "{\"event_id\":7,\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"Page View\",\"user_id\":\"u\",\"ts\":1}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"\",\"user_id\":\"u\",\"ts\":1}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":[],\"ts\":1}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":\"yesterday\"}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":\"2026-11-24T10:15:30\"}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1.5}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":-1}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":253402300800000}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":99999999999999999999999}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1,\"value\":\"12\"}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1,\"value\":1e400}|invalid_field",
                "{\"event_id\":\"e\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":1,\"ts\":2}|invalid_field",
            })
    void rejectsWithThePreciseReason(String record, String reason) {
        assertThatThrownBy(() -> parse(record))
                .isInstanceOfSatisfying(
                        InvalidRecord.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void detailNamesTheField() {
        assertThatThrownBy(() -> parse(event("\"click\"", "\"yesterday\"", null)))
                .hasMessageContaining("ts 'yesterday'");
        assertThatThrownBy(() -> parse("{\"event_id\":\"e\",\"ts\":1}"))
                .hasMessage("missing required field event_type, user_id");
        assertThatThrownBy(() -> parse(event("\"a-b\"", "1", null)))
                .hasMessageContaining("event_type 'a-b'");
    }

    @Test
    void rejectsEmptyTombstoneOversizedAndInvalidUtf8() {
        assertThatThrownBy(() -> parser.parse(null, 0, 0))
                .hasFieldOrPropertyWithValue("reason", "empty_record");
        assertThatThrownBy(() -> parser.parse(new byte[0], 0, 0))
                .hasFieldOrPropertyWithValue("reason", "empty_record");
        EventParser small = new EventParser(100);
        assertThatThrownBy(() -> small.parse(new byte[101], 0, 0))
                .hasFieldOrPropertyWithValue("reason", "oversized_record")
                .hasMessageContaining("--max-record-bytes");
        byte[] badUtf8 =
                event("\"click\"", "1", null)
                        .replace("\"u\"", "\"u\u00ff\"")
                        .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parser.parse(badUtf8, 0, 0))
                .hasFieldOrPropertyWithValue("reason", "malformed_json");
    }

    @Test
    void deepNestingIsBoundedNotAStackOverflow() {
        String deep = "{\"properties\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThatThrownBy(() -> parse(deep))
                .hasFieldOrPropertyWithValue("reason", "malformed_json");
    }

    @Test
    void idsAreLimitedTo128Characters() throws Exception {
        String ok =
                "{\"event_id\":\""
                        + "é".repeat(128)
                        + "\",\"event_type\":\"a\",\"user_id\":\"u\",\"ts\":1}";
        assertThat(parse(ok).userId()).isEqualTo("u");
        String tooLong = ok.replace("é".repeat(128), "e".repeat(129));
        assertThatThrownBy(() -> parse(tooLong))
                .hasFieldOrPropertyWithValue("reason", "invalid_field");
    }

    private Event parse(String json) throws InvalidRecord {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), 3, 77);
    }

    private static String event(String type, String ts, String value) {
        return "{\"event_id\":\"e\",\"event_type\":"
                + type
                + ",\"user_id\":\"u\",\"ts\":"
                + ts
                + (value == null ? "" : ",\"value\":" + value)
                + "}";
    }
}
