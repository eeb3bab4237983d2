package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses and validates one record value against the input contract (CONTRACT.md) with Jackson's
 * streaming parser: it reads only the fields the pipeline needs and skips everything else.
 * Instances are not thread-safe; make one per task.
 */
public final class EventParser {

    /** The largest event time accepted: the end of year 9999, as ISO-8601 can write it. */
    static final long MAX_TIMESTAMP = 253_402_300_799_999L;

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
        this.json = jsonFactory(maxRecordBytes);
    }

    /**
     * Jackson's factory as every parser of records needs it: bounded so that no record can exhaust
     * the stack or the heap of a task, and with one buffer recycler per parser.
     */
    static JsonFactory jsonFactory(int maxRecordBytes) {
        return JsonFactory.builder()
                .streamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(200)
                                .maxNumberLength(1000)
                                .maxStringLength(Math.max(maxRecordBytes, 1))
                                .build())
                // Parses values exactly as the JDK does, several times faster.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .recyclerPool(new OneRecycler())
                .build();
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
            throw new InvalidRecord(DeadLetter.MALFORMED_JSON, "not valid JSON: " + describe(e));
        }
    }

    private Event read(JsonParser p, byte[] raw, int partition, long offset)
            throws IOException, InvalidRecord {
        JsonToken token = p.nextToken();
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidRecord(
                    DeadLetter.NOT_AN_OBJECT,
                    "record is " + kind(token) + ", expected a JSON object");
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
                    DeadLetter.INVALID_FIELD, field + " must be a string, not " + kind(token));
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
                    DeadLetter.INVALID_FIELD, "event_type must be a string, not " + kind(token));
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
                            + shorten(original)
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
                ts = utcMillis(s);
                if (ts < 0) {
                    ts = OffsetDateTime.parse(s).toInstant().toEpochMilli();
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidRecord(
                        DeadLetter.INVALID_FIELD,
                        "ts '"
                                + shorten(s)
                                + "' is not an ISO-8601 instant with a zone, e.g. 2026-11-24T10:15:30.123Z");
            }
        } else {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "ts must be epoch milliseconds (an integer) or an ISO-8601 string, not "
                            + kind(token));
        }
        if (ts < 0 || ts > MAX_TIMESTAMP) {
            throw outOfRange(Long.toString(ts));
        }
        return ts;
    }

    /**
     * The epoch milliseconds of {@code s} if it has the form most producers send, {@code
     * yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a valid date and time from 1970 on, else -1 (then {@code
     * OffsetDateTime} decides, as for every other form). A tenth of the cost of the general parser.
     */
    static long utcMillis(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || n == 21 || s.charAt(n - 1) != 'Z') {
            return -1;
        }
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || (n > 20 && s.charAt(19) != '.')) {
            return -1;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int fractionDigits = n > 20 ? n - 21 : 0;
        int fraction = n > 20 ? digits(s, 20, n - 1) : 0;
        if (!UtcInstants.isUtcDateTime(year, month, day, hour, minute, second, fraction)) {
            return -1;
        }
        long millis =
                fractionDigits >= 3
                        ? fraction / POWERS_OF_TEN[fractionDigits - 3]
                        : fraction * POWERS_OF_TEN[3 - fractionDigits];
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static final long[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    /** The decimal number in {@code s[from, to)}, or -1 if a character there is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static InvalidRecord outOfRange(String ts) {
        return new InvalidRecord(
                DeadLetter.INVALID_FIELD,
                "ts " + shorten(ts) + " is outside 1970-01-01..9999-12-31");
    }

    private static double value(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD, "value must be a number or null, not " + kind(token));
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidRecord(
                    DeadLetter.INVALID_FIELD,
                    "value " + shorten(p.getText()) + " is not a finite number");
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

    static String kind(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    static String describe(IOException e) {
        String message =
                e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                        ? j.getOriginalMessage()
                        : e.getMessage();
        return shorten(message == null ? e.getClass().getSimpleName() : message.replace('\n', ' '));
    }

    /**
     * The parser's buffers, kept for the next record: a parser is only ever used by one thread at a
     * time, so Jackson's default thread-local pool (a lookup per record) is not needed.
     */
    private static final class OneRecycler implements RecyclerPool<BufferRecycler> {
        private static final long serialVersionUID = 1L;
        private final transient BufferRecycler recycler = new BufferRecycler();

        @Override
        public BufferRecycler acquirePooled() {
            return recycler;
        }

        @Override
        public void releasePooled(BufferRecycler pooled) {}
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
