package dev.streamingetl.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Makes contract events (pipelines/default.yaml) with a skewed type mix, many users, realistic
 * values and slightly out-of-order times, plus a share of late events and of bad records of every
 * kind. Not thread-safe: one per producing thread.
 */
public final class EventGenerator {

    /** The event types, most frequent first; the mix over them is Zipf-like. */
    static final String[] TYPES = {
        "page_view",
        "click",
        "search",
        "scroll",
        "add_to_cart",
        "video_play",
        "login",
        "logout",
        "remove_from_cart",
        "checkout_start",
        "purchase",
        "signup",
        "share",
        "comment",
        "like",
        "rating",
        "refund",
        "support_ticket",
        "newsletter_open",
        "app_crash"
    };

    /** How far behind its predecessor an event may be, within the job's default 5 s bound. */
    static final long MAX_JITTER_MS = 2_000;

    /** Late events lie this far behind, well past any window the job still keeps open. */
    static final long LATE_BY_MS = 10 * 60_000;

    private static final int BAD_KINDS = 13;

    /** One Kafka record: key (may be null) and value (null for a tombstone). */
    public record Record(byte[] key, byte[] value, boolean bad, boolean late) {}

    private final int users;
    private final double badRatio;
    private final double lateRatio;
    private final double[] typeCumulative;
    private final SplittableRandom random;
    private final String runId;
    private final JsonFactory json = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long sequence;

    public EventGenerator(int types, int users, double badRatio, double lateRatio, long seed) {
        if (types < 1 || types > TYPES.length) {
            throw new IllegalArgumentException("types must be 1.." + TYPES.length);
        }
        this.users = users;
        this.badRatio = badRatio;
        this.lateRatio = lateRatio;
        this.random = new SplittableRandom(seed);
        this.runId = Long.toString(seed & 0xffffff, 36);
        this.typeCumulative = Draws.zipfCumulative(types, 1.1);
    }

    /** The next record, whose event time is about {@code eventTimeMillis}. */
    public Record next(long eventTimeMillis) {
        long n = sequence++;
        double dice = random.nextDouble();
        if (dice < badRatio) {
            return badRecord(n, eventTimeMillis);
        }
        boolean late = dice < badRatio + lateRatio;
        long ts =
                late
                        ? eventTimeMillis - LATE_BY_MS
                        : eventTimeMillis - random.nextLong(MAX_JITTER_MS + 1);
        String type = TYPES[Draws.pick(random, typeCumulative)];
        String user = "u-" + random.nextInt(users);
        byte[] value = event("e-" + runId + "-" + n, type, user, ts, valueFor(type), n % 7 == 0);
        return new Record(user.getBytes(StandardCharsets.UTF_8), value, false, late);
    }

    private byte[] event(
            String id, String type, String user, long ts, Double value, boolean isoTime) {
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("event_id", id);
            g.writeStringField("event_type", type);
            g.writeStringField("user_id", user);
            if (isoTime) {
                // Producers send both forms the contract allows.
                g.writeStringField("ts", java.time.Instant.ofEpochMilli(ts).toString());
            } else {
                g.writeNumberField("ts", ts);
            }
            if (value != null) {
                g.writeNumberField("value", value);
            }
            g.writeObjectFieldStart("properties");
            g.writeStringField("page", "/p/" + random.nextInt(500));
            g.writeStringField("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static final String[] COUNTRIES = {"DE", "US", "FR", "GB", "IN", "BR", "JP", "ES"};

    /** A value drawn by type: money for purchases, seconds for views, none for some types. */
    private Double valueFor(String type) {
        switch (type) {
            case "login", "logout", "signup", "app_crash" -> {
                return null;
            }
            case "purchase", "refund", "add_to_cart", "remove_from_cart", "checkout_start" -> {
                return Draws.round2(Math.exp(3.0 + 1.0 * Draws.gaussian(random)));
            }
            case "rating" -> {
                return (double) (1 + random.nextInt(5));
            }
            default -> {
                return random.nextInt(10) == 0
                        ? null
                        : Draws.round2(Math.exp(2.0 + 0.8 * Draws.gaussian(random)));
            }
        }
    }

    private Record badRecord(long n, long ts) {
        String id = "\"event_id\":\"e-" + runId + "-" + n + "\"";
        String rest = "\"event_type\":\"click\",\"user_id\":\"u-1\",\"ts\":" + ts;
        String value =
                switch ((int) (n % BAD_KINDS)) {
                    case 0 -> "{" + id + ",\"event_ty"; // truncated
                    case 1 -> "[1,2,3]";
                    case 2 -> "{\"event_type\":\"click\",\"user_id\":\"u-1\",\"ts\":" + ts + "}";
                    case 3 -> "{" + id + ",\"user_id\":\"u-1\",\"ts\":" + ts + "}";
                    case 4 -> "{" + id + ",\"event_type\":\"click\",\"ts\":" + ts + "}";
                    case 5 -> "{" + id + ",\"event_type\":\"click\",\"user_id\":\"u-1\"}";
                    case 6 ->
                            "{"
                                    + id
                                    + ",\"event_type\":\"Page View!\",\"user_id\":\"u-1\",\"ts\":"
                                    + ts
                                    + "}";
                    case 7 ->
                            "{"
                                    + id
                                    + ",\"event_type\":\"click\",\"user_id\":\"u-1\",\"ts\":\"yesterday\"}";
                    case 8 -> "{" + id + "," + rest + ",\"value\":\"12.5\"}";
                    case 9 -> "{" + id + "," + rest + ",\"value\":1e400}";
                    case 10 -> "not json at all";
                    case 11 -> "{\"event_id\":\"\"," + rest + "}";
                    default -> null; // a tombstone
                };
        return new Record(
                null, value == null ? null : value.getBytes(StandardCharsets.UTF_8), true, false);
    }
}
