package dev.streamingetl.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link PipelineSpec} and the rules {@link SpecReader} checks. */
class PipelineSpecTest {

    private static PipelineSpec read(String yaml) throws SpecException {
        return SpecReader.read("test.yaml", yaml);
    }

    /** The orders example of the issue: epoch seconds, one dimension, money with p95. */
    private static final String ORDERS =
            """
            version: 1
            fields:
              order_id:   {type: string, required: true}
              shop:       {type: string, required: true, normalize: [trim, lower]}
              customer:   {type: string, required: true}
              created_at: {type: timestamp, required: true, format: epoch_seconds}
              amount:     {type: number, min: 0}
            event_time: created_at
            window: 1m
            group_by: [shop]
            distinct: {customers: customer}
            measures:
              amount: [sum, count, avg, p95]
            """;

    @TempDir Path dir;

    @Test
    void theShippedExamplesRead() throws Exception {
        java.nio.file.Path pipelines = java.nio.file.Path.of("..", "pipelines");
        PipelineSpec orders = PipelineSpec.load(pipelines.resolve("orders.yaml"));
        assertThat(orders.columns())
                .containsExactly(
                        "window_start",
                        "window_end",
                        "shop",
                        "event_count",
                        "customers",
                        "amount_count",
                        "amount_sum",
                        "amount_avg",
                        "amount_p95",
                        "emitted_at");
        PipelineSpec sensors = PipelineSpec.load(pipelines.resolve("sensors.yaml"));
        assertThat(sensors.field("site").path()).containsExactly("meta", "site");
        assertThat(sensors.groupBy()).containsExactly("site", "kind");
        assertThat(sensors.partitionBy()).containsExactly("site");
        // The benchmark's second spec differs from the default in its group only.
        PipelineSpec twoDimensions =
                PipelineSpec.load(java.nio.file.Path.of("..", "bench", "two-dimensions.yaml"));
        assertThat(twoDimensions.aggregationChanges(PipelineSpec.defaultSpec()))
                .containsExactly("group_by [event_type] -> [event_type, country]");
    }

    @Test
    void theDefaultSpecIsTheContract() {
        PipelineSpec spec = PipelineSpec.defaultSpec();
        assertThat(spec.columns())
                .containsExactly(
                        "window_start",
                        "window_end",
                        "event_type",
                        "event_count",
                        "unique_users",
                        "value_count",
                        "value_sum",
                        "value_min",
                        "value_max",
                        "value_avg",
                        "value_p50",
                        "value_p95",
                        "value_p99",
                        "emitted_at");
        assertThat(spec.fields())
                .extracting(FieldSpec::name)
                .containsExactly("event_id", "event_type", "user_id", "ts", "value", "properties");
        FieldSpec type = spec.field("event_type");
        assertThat(type.normalize()).containsExactly(Normalize.TRIM, Normalize.LOWER);
        assertThat(type.pattern()).isEqualTo("[a-z0-9_]{1,64}");
        assertThat(type.required()).isTrue();
        assertThat(spec.field("user_id").maxLength()).isEqualTo(128);
        assertThat(spec.field("ts").format()).isEqualTo(TimeFormat.AUTO);
        assertThat(spec.field("value").required()).isFalse();
        assertThat(spec.field("properties").type()).isEqualTo(FieldType.JSON);
        assertThat(spec.eventTime()).isEqualTo("ts");
        assertThat(spec.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.distinct()).isEqualTo(Map.of("unique_users", "user_id"));
        assertThat(spec.partitionBy()).containsExactly("event_type");
    }

    @Test
    void readsAFileWithDefaultsFilledIn() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.yaml"), ORDERS);
        PipelineSpec spec = PipelineSpec.load(file);
        assertThat(spec.source()).isEqualTo(file.toString());
        assertThat(spec.field("created_at").format()).isEqualTo(TimeFormat.EPOCH_SECONDS);
        assertThat(spec.field("amount").min()).isEqualTo(0.0);
        assertThat(spec.field("order_id").minLength()).isEqualTo(1);
        assertThat(spec.field("order_id").path()).containsExactly("order_id");
        assertThat(spec.partitionBy()).containsExactly("shop");
        // Aggregates take the canonical order, whatever the spec's.
        assertThat(spec.columns())
                .containsExactly(
                        "window_start",
                        "window_end",
                        "shop",
                        "event_count",
                        "customers",
                        "amount_count",
                        "amount_sum",
                        "amount_avg",
                        "amount_p95",
                        "emitted_at");
    }

    @Test
    void nestedPathsTwoDimensionsAndEnums() throws Exception {
        PipelineSpec spec =
                SpecReader.read(
                        "sensors.yaml",
                        """
                        fields:
                          site:   {type: string, required: true, path: meta.site}
                          kind:   {type: string, required: true, enum: [temp, humidity]}
                          at:     {type: timestamp, required: true, format: iso8601}
                          level:  {type: integer, min: 0, max: 100}
                        event_time: at
                        group_by: [site, kind]
                        measures: {level: [max, p99]}
                        lake: {partition_by: [kind, site]}
                        """);
        assertThat(spec.field("site").path()).containsExactly("meta", "site");
        assertThat(spec.field("site").describe()).isEqualTo("site (meta.site)");
        assertThat(spec.field("kind").allowed()).containsExactly("temp", "humidity");
        assertThat(spec.window()).as("the --window flag's").isNull();
        assertThat(spec.groupBy()).containsExactly("site", "kind");
        assertThat(spec.partitionBy()).containsExactly("kind", "site");
        assertThat(spec.measures())
                .containsExactly(new Measure("level", List.of(Aggregate.MAX, Aggregate.P99)));
        assertThat(spec.measures().get(0).hasQuantiles()).isTrue();
        assertThat(spec.field("kind").normalize()).isEqualTo(EnumSet.noneOf(Normalize.class));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            measures: {amount: [median]} | measures.amount: unknown aggregate 'median' (use count, sum, min, max, avg, p50, p75, p90, p95, p99, p999)
            measures: {amount: [sum, sum]} | measures.amount: 'sum' given twice
            measures: {amount: []} | measures.amount: no aggregates (use count, sum, min, max, avg, p50, p75, p90, p95, p99, p999)
            measures: {shop: [sum]} | measures.shop: field 'shop' is a string (measure number or integer fields)
            measures: {price: [sum]} | measures.price: unknown field 'price' (use one of fields: order_id, shop, customer, created_at, amount)
            windw: 1m | windw: unknown key (use version, fields, event_time, window, group_by, distinct, measures, lake)
            version: 2 | version: unsupported version '2' (write version: 1)
            window: soon | window: 'soon' is not a duration (write e.g. 500ms, 10s, 1m, 1h)
            window: 0s | window: must be positive (write e.g. 10s)
            event_time: shop | event_time: field 'shop' is a string (name a timestamp field)
            event_time: when | event_time: unknown field 'when' (use one of fields: order_id, shop, customer, created_at, amount)
            group_by: [amount] | group_by: field 'amount' is a number (group by string fields)
            group_by: [shop, shop] | group_by: 'shop' given twice
            group_by: [] | group_by: 0 fields (name 1 to 4 required string fields)
            distinct: {event_count: customer} | distinct.event_count: the output column 'event_count' is the aggregate's own column already (choose another name)
            distinct: {amount_sum: customer} | measures.amount: the output column 'amount_sum' is made by distinct.amount_sum already (choose another name)
            lake: {partition_by: [customer]} | lake.partition_by: 'customer' is not a group_by field (use shop)
            lake: {partiton_by: [shop]} | lake.partiton_by: unknown key (use partition_by)
            """)
    void aBadTopLevelKeyIsOneLineNamingTheKeyAndTheFix(String replacement, String message) {
        String key = replacement.substring(0, replacement.indexOf(':'));
        String spec =
                ORDERS.lines()
                                .filter(
                                        l ->
                                                !l.startsWith(key + ":")
                                                        && !(key.equals("measures")
                                                                && l.startsWith("  amount: [")))
                                .reduce("", (a, b) -> a + b + "\n")
                        + replacement
                        + "\n";
        assertThatThrownBy(() -> SpecReader.read("orders.yaml", spec))
                .isInstanceOf(SpecException.class)
                .hasMessage("orders.yaml: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            {type: float} | fields.amount.type: unknown type 'float' (use string, number, integer, boolean, timestamp, json)
            {required: true} | fields.amount.type: missing (use string, number, integer, boolean, timestamp, json)
            {type: number, pattern: x} | fields.amount.pattern: unknown key for a number field (use type, path, required, min, max)
            {type: number, requird: true} | fields.amount.requird: unknown key for a number field (use type, path, required, min, max)
            {type: number, required: maybe} | fields.amount.required: 'maybe' is not true or false
            {type: number, min: 5, max: 1} | fields.amount: min 5.0 is above max 1.0
            {type: string, pattern: '[a-'} | fields.amount.pattern: not a regular expression: Illegal character range near index 3
            {type: string, min_length: 5, max_length: 2} | fields.amount: min_length 5 and max_length 2 leave no length (write 0 <= min_length <= max_length, max_length >= 1)
            {type: string, normalize: [strip]} | fields.amount.normalize: unknown normalization 'strip' (use trim, lower, upper)
            {type: string, enum: []} | fields.amount.enum: empty (list the allowed values)
            {type: timestamp, format: unix} | fields.amount.format: unknown format 'unix' (use auto, epoch_millis, epoch_seconds, iso8601)
            {type: number, path: 'a..b'} | fields.amount.path: 'a..b' has an empty key (write e.g. meta.site)
            {type: number, path: shop} | fields.amount.path: 'shop' is read by fields.shop already (one field per path)
            """)
    void aBadFieldIsOneLineNamingTheKeyAndTheFix(String amount, String message) {
        String spec =
                ORDERS.replace("amount:     {type: number, min: 0}", "amount: " + amount)
                        .replace("  amount: [sum, count, avg, p95]\n", "")
                        .replace("measures:\n", "");
        assertThatThrownBy(() -> SpecReader.read("orders.yaml", spec))
                .isInstanceOf(SpecException.class)
                .hasMessage("orders.yaml: " + message);
    }

    @Test
    void requiredKeysAndFieldsAreNamed() {
        assertThatThrownBy(
                        () ->
                                SpecReader.read(
                                        "o.yaml", ORDERS.replace("event_time: created_at\n", "")))
                .hasMessage(
                        "o.yaml: event_time: missing (name the timestamp field that drives the windows, e.g. event_time: ts)");
        assertThatThrownBy(
                        () ->
                                SpecReader.read(
                                        "o.yaml",
                                        ORDERS.replace(
                                                "{type: timestamp, required: true, format: epoch_seconds}",
                                                "{type: timestamp, format: epoch_seconds}")))
                .hasMessage(
                        "o.yaml: event_time: field 'created_at' must be required (add required: true to fields.created_at)");
        assertThatThrownBy(() -> SpecReader.read("o.yaml", ""))
                .hasMessage(
                        "o.yaml: is empty (write version: 1, fields, event_time, group_by, ...)");
        assertThatThrownBy(() -> SpecReader.read("o.yaml", ORDERS + "window: 2m\n"))
                .hasMessageStartingWith("o.yaml: not valid YAML: ")
                .hasMessageContaining("duplicate key window");
        assertThatThrownBy(() -> SpecReader.read(Path.of("missing.yaml").toString(), "a: [b"))
                .hasMessageStartingWith("missing.yaml: not valid YAML: ");
        assertThatThrownBy(() -> PipelineSpec.load(dir.resolve("none.yaml")))
                .hasMessage(
                        dir.resolve("none.yaml") + ": no such file (--pipeline names a spec file)");
        assertThatThrownBy(
                        () ->
                                SpecReader.read(
                                        "o.yaml",
                                        ORDERS.replace("  shop:  ", "  dt:  ")
                                                .replace("[shop]", "[dt]")))
                .hasMessage(
                        "o.yaml: group_by: 'dt' is the name of a lake folder (name the field otherwise and read it with path: dt)");
    }

    @Test
    void theSpecAsUnderstoodReadsBackToTheSameSpec() throws Exception {
        String nested =
                """
                fields:
                  site:  {type: string, required: true, path: meta.site, pattern: "a\\\\d\\"+"}
                  kind:  {type: string, required: true, enum: [temp, "x: y"]}
                  at:    {type: timestamp, required: true, format: iso8601}
                  level: {type: integer, min: 0, max: 100}
                event_time: at
                group_by: [site, kind]
                measures: {level: [p99, max]}
                """;
        for (PipelineSpec spec :
                List.of(
                        PipelineSpec.defaultSpec(),
                        SpecReader.read("orders.yaml", ORDERS),
                        SpecReader.read("nested.yaml", nested))) {
            PipelineSpec again = SpecReader.read(spec.source(), spec.toYaml());
            assertThat(again).as(spec.toYaml()).isEqualTo(spec);
        }
        assertThat(SpecReader.read("n.yaml", nested).field("site").pattern()).isEqualTo("a\\d\"+");
    }

    @Test
    void aChangedAggregationIsNamedAndChangedRulesAreNot() throws Exception {
        PipelineSpec orders = SpecReader.read("orders.yaml", ORDERS);
        PipelineSpec stricter =
                SpecReader.read(
                        "orders.yaml",
                        ORDERS.replace("{type: number, min: 0}", "{type: number, min: 0, max: 1e6}")
                                .replace("[trim, lower]", "[trim, upper]"));
        assertThat(stricter.aggregationChanges(orders)).isEmpty();
        PipelineSpec changed =
                SpecReader.read(
                        "orders.yaml",
                        ORDERS.replace("window: 1m", "window: 5m")
                                .replace("[sum, count, avg, p95]", "[sum, count, avg, p99]"));
        assertThat(changed.aggregationChanges(orders))
                .containsExactly(
                        "window 60000ms -> 300000ms",
                        "measures [amount: [count, sum, avg, p95]] -> [amount: [count, sum, avg, p99]]");
    }
}
