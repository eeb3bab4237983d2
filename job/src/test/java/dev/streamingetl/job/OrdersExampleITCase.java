package dev.streamingetl.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** {@code pipelines/orders.yaml}: epoch-seconds time, one dimension, a money measure with p95. */
class OrdersExampleITCase extends SpecExampleITCase {

    private static final String[] SHOPS = {"north-1", " South-2", "EAST-3 ", "west-4"};

    @Override
    String spec() {
        return "orders.yaml";
    }

    @Override
    long windowMs() {
        return 60_000;
    }

    @Override
    List<String> groupColumns() {
        return List.of("shop");
    }

    @Override
    String distinctColumn() {
        return "customers";
    }

    @Override
    Map<String, List<String>> measures() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("amount", List.of("count", "sum", "avg", "p95"));
        return m;
    }

    @Override
    List<String> partitionBy() {
        return List.of("shop");
    }

    @Override
    Made make(SplittableRandom random, long n, long time) {
        // Skewed: the first shop has about half the orders.
        String shop = SHOPS[random.nextInt(2) == 0 ? 0 : random.nextInt(SHOPS.length)];
        String customer = "c-" + random.nextInt(40);
        double amount = Math.round(Math.exp(3 + random.nextDouble() * 2) * 100) / 100.0;
        // Whole seconds as integers, quarter seconds as decimals: both forms of epoch_seconds.
        long ms = time - Math.floorMod(time, 250);
        String createdAt =
                ms % 1000 == 0
                        ? Long.toString(ms / 1000)
                        : (ms / 1000) + "." + String.format("%03d", ms % 1000);
        String items = n % 3 == 0 ? ",\"items\":[{\"sku\":\"a\",\"qty\":2}]" : "";
        String order = "{\"order_id\":\"o-" + n + "\",\"shop\":\"";
        String rest = "\",\"customer\":\"" + customer + "\",\"created_at\":" + createdAt;
        if (n % 97 == 1) {
            return new Made(order + shop + rest + ",\"amount\":-1}", null, "invalid_field");
        }
        if (n % 89 == 2) {
            return new Made(
                    "{\"order_id\":\"o-" + n + "\",\"created_at\":" + createdAt + ",\"amount\":1}",
                    null,
                    "missing_field");
        }
        if (n % 83 == 3) {
            return new Made(
                    order
                            + shop
                            + "\",\"customer\":\"c\",\"created_at\":\"yesterday\",\"amount\":1}",
                    null,
                    "invalid_field");
        }
        if (n % 79 == 4) {
            return new Made("not json, order " + n, null, "malformed_json");
        }
        if (n % 73 == 5) {
            return new Made(order + "Bad Shop!" + rest + ",\"amount\":1}", null, "invalid_field");
        }
        return new Made(
                order + shop + rest + ",\"amount\":" + amount + items + ",\"note\":\"ignored\"}",
                new Valid(
                        ms,
                        List.of(shop.strip().toLowerCase()),
                        customer,
                        measuresOf("amount", amount)),
                null);
    }
}
