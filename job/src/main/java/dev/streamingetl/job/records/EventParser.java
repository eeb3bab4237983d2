package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses and validates one record value against the default contract (the default spec), written by
 * hand with Jackson's streaming parser. The job does not use it (it parses with {@link
 * SpecEventParser}); it is the independent reference that tests hold the spec path to, and the
 * parser the benchmark's Kafka Streams and Spark peers run. Not thread-safe.
 */
public final class EventParser {

    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_TYPE_LENGTH = 64;
    private static final int EVENT_ID = 1;
    private static final int EVENT_TYPE = 2;
    private static final int USER_ID = 4;
    private static final int TS = 8;
    private static final int VALUE = 16;
    private static final int REQUIRED = EVENT_ID | EVENT_TYPE | USER_ID | TS;
    private static final int MAX_KNOWN_TYPES = 10_000;

    private final JsonFactory json;
    private final RecordBytes bytes;

    /**
     * Event types as written to their checked, canonical form: types are few, and one instance per
     * type makes every later map lookup by type cheap.
     */
    private final Map<String, String> types = new HashMap<>();

    public EventParser(int maxRecordBytes) {
        this.bytes = new RecordBytes(maxRecordBytes);
        this.json = RecordJackson.jsonFactory(maxRecordBytes);
    }

    /** The event in {@code value}, or an {@link InvalidRecord} that says why there is none. */
    public Event parse(byte[] value, int partition, long offset) throws InvalidRecord {
        bytes.check(value);
        try (JsonParser p = json.createParser(value)) {
            return read(p, value, partition, offset);
        } catch (StreamConstraintsException e) {
            throw new InvalidRecord(
                    DeadLetter.MALFORMED_JSON,
                    "record exceeds a parser limit: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecord(
                    DeadLetter.MALFORMED_JSON, "not valid JSON: " + RecordJackson.describe(e));
        }
    }

    private Event read(JsonParser p, byte[] raw, int partition, long offset)
            throws IOException, InvalidRecord {
        JsonToken token = p.nextToken();
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidRecord(
                    DeadLetter.NOT_AN_OBJECT,
                    "record is " + RecordJackson.kind(token) + ", expected a JSON object");
        }
        int seen = 0;
        String type = null;
        String user = null;
        long ts = 0;
        double value = Double.NaN;
        InvalidRecord invalid = null;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            token = p.nextToken();
            int field = fieldBit(name);
            if (field == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & field) != 0 && invalid == null) {
                invalid =
                        new InvalidRecord(
                                DeadLetter.INVALID_FIELD,
                                "field " + name + " appears more than once");
            }
            if (token == JsonToken.VALUE_NULL) {
                // A null required field counts as missing; a null value means "no value".
                continue;
            }
            seen |= field;
            try {
                switch (field) {
                    case EVENT_ID -> requireId(p, token, "event_id");
                    case EVENT_TYPE -> type = eventType(p, token);
                    case USER_ID -> user = requireId(p, token, "user_id");
                    case TS -> ts = timestamp(p, token);
                    default -> value = value(p, token);
                }
            } catch (InvalidRecord e) {
                p.skipChildren();
                if (invalid == null) {
                    invalid = e;
                }
            }
        }
        if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new InvalidRecord(
                    DeadLetter.MALFORMED_JSON, "not valid JSON: content after the object's end");
        }
        if ((seen & REQUIRED) != REQUIRED) {
            throw new InvalidRecord(
                    DeadLetter.MISSING_FIELD, "missing required field " + missing(seen));
        }
        if (invalid != null) {
            throw invalid;
        }
        return new Event(type, user, ts, value, partition, offset, raw);
    }

    private static int fieldBit(String name) {
        return switch (name) {
            case "event_id" -> EVENT_ID;
            case "event_type" -> EVENT_TYPE;
            case "user_id" -> USER_ID;
            case "ts" -> TS;
            case "value" -> VALUE;
            default -> 0;
        };
    }

    private static String requireId(JsonParser p, JsonToken token, String field)
            throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    field + " must be a string, not " + RecordJackson.kind(token));
        }
        String s = p.getText();
        int length = s.codePointCount(0, s.length());
        if (length < 1 || length > MAX_ID_LENGTH) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    field + " must be 1.." + MAX_ID_LENGTH + " characters, not " + length);
        }
        return s;
    }

    private String eventType(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "event_type must be a string, not " + RecordJackson.kind(token));
        }
        String original = p.getText();
        String known = types.get(original);
        if (known != null) {
            return known;
        }
        String s = original.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > MAX_TYPE_LENGTH || !isTypeName(s)) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "event_type '"
                            + RecordJackson.shorten(original)
                            + "' must match [a-z0-9_]{1,64} once trimmed and lower-cased");
        }
        if (types.size() < MAX_KNOWN_TYPES) {
            types.put(original, s);
        }
        return s;
    }

    private static boolean isTypeName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static long timestamp(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        long ts;
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw outOfRange(p.getText());
            }
            ts = p.getLongValue();
        } else if (token == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                ts = UtcInstants.utcMillis(s);
                if (ts < 0) {
                    ts = OffsetDateTime.parse(s).toInstant().toEpochMilli();
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidRecord(
                        DeadLetter.INVALID_FIELD,
                        "ts '"
                                + RecordJackson.shorten(s)
                                + "' is not an ISO-8601 instant with a zone, e.g. 2026-11-24T10:15:30.123Z");
            }
        } else {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "ts must be epoch milliseconds (an integer) or an ISO-8601 string, not "
                            + RecordJackson.kind(token));
        }
        if (ts < 0 || ts > UtcInstants.MAX_TIMESTAMP) {
            throw outOfRange(Long.toString(ts));
        }
        return ts;
    }

    private static InvalidRecord outOfRange(String ts) {
        return new InvalidRecord(
                DeadLetter.INVALID_FIELD,
                "ts " + RecordJackson.shorten(ts) + " is outside 1970-01-01..9999-12-31");
    }

    private static double value(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "value must be a number or null, not " + RecordJackson.kind(token));
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "value " + RecordJackson.shorten(p.getText()) + " is not a finite number");
        }
        return v;
    }

    private static String missing(int seen) {
        StringBuilder names = new StringBuilder();
        String[] fields = {"event_id", "event_type", "user_id", "ts"};
        int[] bits = {EVENT_ID, EVENT_TYPE, USER_ID, TS};
        for (int i = 0; i < bits.length; i++) {
            if ((seen & bits[i]) == 0) {
                names.append(names.length() == 0 ? "" : ", ").append(fields[i]);
            }
        }
        return names.toString();
    }
}
