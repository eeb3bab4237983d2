package dev.streamingetl.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.tools.EventGenerator;
import dev.streamingetl.tools.SpecEventGenerator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests that {@code bin/generate --pipeline} makes what it claims for any spec, judged by the job's
 * own parser: its events are valid, its bad records rejected, its late events late, and its group
 * values skewed.
 */
class GeneratedEventsTest {

    private static final long T0 = 1_795_514_400_000L;
    private static final int EVENTS = 20_000;

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"default.yaml", "orders.yaml", "sensors.yaml", "every-type.yaml"})
    void everyEventParsesEveryBadRecordIsRejectedAndGroupsAreSkewed(String name) throws Exception {
        PipelineSpec spec = PipelineSpec.load(specFile(name));
        SpecEventParser parser = new SpecEventParser(spec, 1 << 20);
        SpecEventGenerator generator = new SpecEventGenerator(spec, 8, 500, 0.2, 0.05, 7);
        String group = spec.groupBy().get(0);
        int groupSlot = parser.slot(group);
        Map<String, Integer> perGroup = new HashMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        Set<String> details = new HashSet<>();
        int late = 0;
        for (int i = 0; i < EVENTS; i++) {
            long time = T0 + i * 10L;
            EventGenerator.Record r = generator.next(time);
            SpecEvent event;
            try {
                event = parser.parse(r.value(), 0, i);
            } catch (InvalidRecord e) {
                assertThat(r.bad())
                        .as("%s rejected (%s), though generated as valid", text(r), e.detail())
                        .isTrue();
                reasons.merge(e.reason(), 1, Integer::sum);
                details.add(e.detail().replaceAll("'[^']*'|[0-9]+", "_"));
                continue;
            }
            assertThat(r.bad()).as("%s accepted, though generated as bad", text(r)).isFalse();
            if (r.late()) {
                late++;
                assertThat(event.eventTime()).isLessThan(time - 10 * 60_000 + 1);
            } else {
                assertThat(event.eventTime()).isBetween(time - 2_000, time);
            }
            perGroup.merge(event.strings()[groupSlot], 1, Integer::sum);
        }
        assertThat(late).isBetween(EVENTS / 40, EVENTS / 10);
        assertThat(reasons.keySet())
                .contains(
                        DeadLetter.MALFORMED_JSON,
                        DeadLetter.NOT_AN_OBJECT,
                        DeadLetter.EMPTY_RECORD,
                        DeadLetter.MISSING_FIELD,
                        DeadLetter.INVALID_FIELD);
        assertThat(details).as("kinds of bad record").hasSizeGreaterThan(8);
        int groups = spec.field(group).allowed() != null ? spec.field(group).allowed().size() : 8;
        assertThat(perGroup).hasSize(groups);
        int most = perGroup.values().stream().max(Integer::compare).orElseThrow();
        int least = perGroup.values().stream().min(Integer::compare).orElseThrow();
        assertThat(most).as("skew of %s", perGroup).isGreaterThan(2 * least);
    }

    private Path specFile(String name) throws Exception {
        return name.equals(TestSpecs.EVERY_TYPE)
                ? TestSpecs.everyType(dir, "iso8601")
                : Path.of("..", "pipelines", name);
    }

    private static String text(EventGenerator.Record r) {
        return r.value() == null ? "a tombstone" : new String(r.value());
    }
}
