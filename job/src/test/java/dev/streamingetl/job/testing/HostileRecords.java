package dev.streamingetl.job.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Record values a hostile or broken producer sends, as seeded generators: for the parser's property
 * tests and for the pipeline's hostile-input test.
 */
public final class HostileRecords {

    /** 2026-11-24T10:00:00Z. */
    public static final long T0 = 1_795_514_400_000L;

    /** The fields of an event, and the empty key, which the contract says nothing about. */
    private static final String[] FIELDS = {
        "event_id", "event_type", "user_id", "ts", "value", "properties", ""
    };

    private HostileRecords() {}

    /** Valid events with properties nested two levels and an empty key, which is ignored. */
    public static Gen<byte[]> validEvents() {
        Gen<String> ids = ids();
        Gen<String> types = Gen.of("click", "page_view", " Purchase ", "a_1");
        Gen<Long> times = Gen.longs(0, 253_402_300_799_999L);
        Gen<Double> values = Gen.doubles(-1e9, 1e9);
        return random ->
                bytes(
                        event(
                                ids.next(random),
                                types.next(random),
                                ids.next(random),
                                times.next(random),
                                values.next(random)));
    }

    /** A valid event with one field (or the empty key) set to a hostile token, maybe twice. */
    public static Gen<byte[]> eventsWithAHostileField() {
        Gen<String> ids = ids();
        Gen<Long> times = Gen.longs(0, 253_402_300_799_999L);
        Gen<String> names = Gen.of(FIELDS);
        Gen<String> tokens = hostileTokens();
        return random -> {
            Map<String, String> fields = baseFields(ids.next(random), times.next(random));
            String name = names.next(random);
            String token = tokens.next(random);
            fields.put(name, token);
            boolean twice = random.nextBoolean();
            return bytes(object(fields, twice ? quote(name) + ":" + token : ""));
        };
    }

    /** A valid event cut short anywhere, down to nothing. */
    public static Gen<byte[]> truncatedEvents() {
        Gen<byte[]> events = validEvents();
        return random -> {
            byte[] event = events.next(random);
            return Arrays.copyOf(event, random.nextInt(event.length));
        };
    }

    /** A valid event with bytes that are not UTF-8 put in anywhere. */
    public static Gen<byte[]> eventsWithInvalidUtf8() {
        Gen<byte[]> bad =
                Gen.of(
                        new byte[] {(byte) 0xff},
                        new byte[] {(byte) 0xc3},
                        new byte[] {(byte) 0xe2, (byte) 0x82},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
                        new byte[] {(byte) 0xc0, (byte) 0xaf}, // '/' in two bytes (overlong)
                        new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0x80});
        Gen<byte[]> events = validEvents();
        return random -> {
            byte[] event = events.next(random);
            byte[] b = bad.next(random);
            int i = random.nextInt(event.length);
            byte[] value = new byte[event.length + b.length];
            System.arraycopy(event, 0, value, 0, i);
            System.arraycopy(b, 0, value, i, b.length);
            System.arraycopy(event, i, value, i + b.length, event.length - i);
            return value;
        };
    }

    /** Bytes that cannot be a JSON object: they do not start with '{' or white space. */
    public static Gen<byte[]> nonObjectBytes() {
        Gen<byte[]> any = Gen.bytes(1, 300);
        return random -> {
            byte[] b = any.next(random);
            while (b[0] == '{' || b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
                b[0] = (byte) random.nextInt(256);
            }
            return b;
        };
    }

    /**
     * Records the contract rejects, of every kind in turn (plus {@code oversized} ones of that
     * size): truncated, not UTF-8, not an object, 10,000 levels deep, ill-typed or out-of-range
     * fields, duplicate keys, non-finite numbers, tombstones.
     */
    public static List<byte[]> rejected(int n, int oversized) {
        List<byte[]> fixed = new ArrayList<>();
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        fixed.add(bytes("{\"event_id\":\"d\",\"properties\":" + deep + "}"));
        fixed.add(null);
        fixed.add(new byte[0]);
        fixed.add(withField("ts", "\"0000-01-01T00:00:00Z\""));
        fixed.add(withField("ts", "\"+10000-01-01T00:00:00Z\""));
        fixed.add(withField("ts", "-1"));
        fixed.add(withField("value", "\"12\""));
        fixed.add(withField("value", "1e400"));
        fixed.add(withField("value", "NaN"));
        fixed.add(withField("value", "-Infinity"));
        fixed.add(withField("ts", "1.5e12"));
        fixed.add(withField("event_type", "\"" + "\\ud83d\\ude00".repeat(50) + "\""));
        fixed.add(withField("user_id", "42"));
        fixed.add(bytes(object(baseFields("twice", T0), "\"ts\":" + (T0 + 1))));
        fixed.add(bytes("{\"\":\"\"}"));
        fixed.add(bytes("[1,2,3]"));
        fixed.add(bytes("\"an event\""));
        fixed.add(bytes("{\"event_id\":\"x\",\"value\":\"" + "x".repeat(oversized) + "\"}"));
        List<Gen<byte[]>> generated =
                List.of(truncatedEvents(), eventsWithInvalidUtf8(), nonObjectBytes());
        SplittableRandom random = new SplittableRandom(n);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; records.size() < n; i++) {
            records.add(
                    i % 2 == 0
                            ? fixed.get(i / 2 % fixed.size())
                            : generated.get(i / 2 % generated.size()).next(random));
        }
        return records;
    }

    private static Gen<String> hostileTokens() {
        return Gen.oneOf(
                Gen.of(
                        "1e400",
                        "-1e400",
                        "-0",
                        "0",
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "\"\"",
                        "\" \"",
                        "\"12\"",
                        "12.5",
                        "1.5e12",
                        "99999999999999999999999999",
                        "-1",
                        "\"0000-01-01T00:00:00Z\"",
                        "\"+10000-01-01T00:00:00Z\"",
                        "\"9999-12-31T23:59:59.999Z\"",
                        "\"1969-12-31T23:59:59Z\"",
                        "\"2026-11-24T10:15:30\"",
                        "\"2026-11-24T11:15:30+01:00\"",
                        "\"\\ud800\"",
                        "\"\\udc00x\"",
                        "\"😀😀\"",
                        "\"" + "\\ud83d\\ude00".repeat(50) + "\"",
                        "\"" + "a".repeat(129) + "\"",
                        "\"Page_View \"",
                        "\"page-view\"",
                        "[[[[[[]]]]]]",
                        "01",
                        "0x10",
                        "'single'",
                        "\"\\u0000\"",
                        "1" + "0".repeat(1200)),
                Gen.anyString(80).map(HostileRecords::quote),
                Gen.anyLong().map(String::valueOf),
                Gen.anyDouble().map(String::valueOf));
    }

    /** A valid event with field {@code name} set to {@code token}. */
    private static byte[] withField(String name, String token) {
        Map<String, String> fields = baseFields("h", T0);
        fields.put(name, token);
        return bytes(object(fields, ""));
    }

    private static Map<String, String> baseFields(String id, long ts) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event_id", quote(id));
        fields.put("event_type", quote("click"));
        fields.put("user_id", quote(id));
        fields.put("ts", Long.toString(ts));
        fields.put("value", "1.5");
        fields.put("properties", "{\"k\":[1,{\"a\":\"b\"}]}");
        return fields;
    }

    /** The JSON object of {@code fields}, with {@code extra} (raw members) appended. */
    private static String object(Map<String, String> fields, String extra) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(quote(k)).append(':').append(v).append(','));
        json.append(extra);
        if (json.charAt(json.length() - 1) == ',') {
            json.setLength(json.length() - 1);
        }
        return json.append('}').toString();
    }

    private static Gen<String> ids() {
        return Gen.alphanumeric(1, 20);
    }

    private static String event(String id, String type, String user, long ts, double value) {
        return "{\"event_id\":"
                + quote(id)
                + ",\"event_type\":"
                + quote(type)
                + ",\"user_id\":"
                + quote(user)
                + ",\"ts\":"
                + ts
                + ",\"value\":"
                + value
                + ",\"properties\":{\"k\":[1,{\"a\":\"b\"}]},\"\":0}";
    }

    /** A JSON string literal of {@code s}. */
    public static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
