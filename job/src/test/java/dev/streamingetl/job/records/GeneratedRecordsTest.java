package dev.streamingetl.job.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamingetl.tools.EventGenerator;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tests that the event generator and the parser agree on the contract: good is good, bad is bad.
 */
class GeneratedRecordsTest {

    @Test
    void goodRecordsParseAndEveryBadOneIsRejected() throws Exception {
        EventGenerator generator = new EventGenerator(20, 100_000, 0.05, 0.01, 1);
        EventParser parser = new EventParser(1 << 20);
        Set<String> reasons = new HashSet<>();
        Set<String> types = new HashSet<>();
        int bad = 0;
        for (int i = 0; i < 20_000; i++) {
            EventGenerator.Record record = generator.next(1_795_514_400_000L + i);
            if (record.bad()) {
                bad++;
                assertThatThrownBy(() -> parser.parse(record.value(), 0, 0))
                        .isInstanceOfSatisfying(InvalidRecord.class, e -> reasons.add(e.reason()));
            } else {
                types.add(parser.parse(record.value(), 0, 0).eventType());
            }
        }
        assertThat(bad).isBetween(800, 1200);
        assertThat(types).hasSize(20);
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        DeadLetter.MALFORMED_JSON,
                        DeadLetter.NOT_AN_OBJECT,
                        DeadLetter.MISSING_FIELD,
                        DeadLetter.INVALID_FIELD,
                        DeadLetter.EMPTY_RECORD);
    }
}
