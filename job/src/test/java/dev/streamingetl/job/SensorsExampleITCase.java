package dev.streamingetl.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code pipelines/sensors.yaml}: nested paths, two {@code group_by} fields, an integer measure, an
 * optional number measure and an enum rule.
 */
class SensorsExampleITCase extends SpecExampleITCase {

    private static final String[] SITES = {"Berlin", "  paris", "LONDON "};
    private static final String[] KINDS = {"temperature", "humidity", "pressure"};

    @Override
    String spec() {
        return "sensors.yaml";
    }

    @Override
    long windowMs() {
        return 30_000;
    }

    @Override
    List<String> groupColumns() {
        return List.of("site", "kind");
    }

    @Override
    String distinctColumn() {
        return "sensors";
    }

    @Override
    Map<String, List<String>> measures() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("level", List.of("count", "sum", "min", "max", "avg"));
        m.put("battery", List.of("min", "p50"));
        return m;
    }

    @Override
    List<String> partitionBy() {
        return List.of("site");
    }

    @Override
    Made make(SplittableRandom random, long n, long time) {
        String site = SITES[random.nextInt(SITES.length)];
        String kind = KINDS[random.nextInt(4) == 0 ? 0 : random.nextInt(KINDS.length)];
        String sensor = "s-" + random.nextInt(12);
        Double level = n % 5 == 0 ? null : (double) random.nextInt(1001);
        Double battery = n % 3 == 0 ? null : Math.round(random.nextDouble() * 1000) / 10.0;
        String at = Instant.ofEpochMilli(time).toString();
        String meta =
                "\"meta\":{\"fw\":\"1.2\",\"site\":\"" + site + "\",\"sensor\":\"" + sensor + "\"}";
        String head = "{\"reading_id\":\"r-" + n + "\"," + meta + ",\"at\":\"" + at + "\"";
        if (n % 97 == 1) {
            return new Made(head + ",\"kind\":\"wind\"}", null, "invalid_field");
        }
        if (n % 89 == 2) {
            return new Made(head + ",\"kind\":\"humidity\",\"level\":2000}", null, "invalid_field");
        }
        if (n % 83 == 3) {
            return new Made(head + ",\"kind\":\"humidity\",\"level\":1.5}", null, "invalid_field");
        }
        if (n % 79 == 4) {
            return new Made(
                    "{\"reading_id\":\"r-"
                            + n
                            + "\",\"meta\":{\"sensor\":\"s\"},\"kind\":\"humidity\",\"at\":\""
                            + at
                            + "\"}",
                    null,
                    "missing_field");
        }
        if (n % 73 == 5) {
            return new Made(
                    "{\"reading_id\":\"r-"
                            + n
                            + "\","
                            + meta
                            + ",\"kind\":\"humidity\",\"at\":"
                            + time
                            + "}",
                    null,
                    "invalid_field");
        }
        StringBuilder json =
                new StringBuilder(head).append(",\"kind\":\"").append(kind).append('"');
        if (level != null) {
            json.append(",\"level\":").append(level.longValue());
        }
        if (battery != null) {
            json.append(",\"battery\":").append(battery);
        }
        return new Made(
                json.append('}').toString(),
                new Valid(
                        time,
                        List.of(site.strip().toLowerCase(), kind),
                        sensor,
                        measuresOf("level", level, "battery", battery)),
                null);
    }
}
