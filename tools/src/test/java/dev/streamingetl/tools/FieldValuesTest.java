package dev.streamingetl.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.PipelineSpec;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

    private static final PipelineSpec SPEC =
            parse(
                    """
                    fields:
                      ts: {type: timestamp, required: true}
                      sku: {type: string, required: true, pattern: '[A-Z]{3}-[0-9]{4}'}
                      shop: {type: string, required: true, normalize: [trim, lower], max_length: 8}
                      tier: {type: string, enum: [gold, silver]}
                      qty: {type: integer, min: 1, max: 99}
                    event_time: ts
                    group_by: [shop]
                    """);

    @Test
    void drawnValuesPassTheirFieldsRulesAsTheyAre() {
        for (String name : List.of("sku", "shop", "tier")) {
            FieldSpec f = SPEC.field(name);
            Predicate<String> fits = FieldValues.acceptable(f);
            String[] values = FieldValues.vocabulary(SPEC, f, 40, new Random(3));
            assertThat(values).as(name).isNotEmpty().doesNotHaveDuplicates().allMatch(fits);
        }
        assertThat(FieldValues.vocabulary(SPEC, SPEC.field("tier"), 40, new Random(3)))
                .containsExactly("gold", "silver");
        assertThat(FieldValues.vocabulary(SPEC, SPEC.field("sku"), 40, new Random(3)))
                .allMatch(s -> s.matches("[A-Z]{3}-[0-9]{4}"));
    }

    @Test
    void wrongStringsBreakTheirFieldsRules() {
        for (String name : List.of("sku", "shop", "tier")) {
            FieldSpec f = SPEC.field(name);
            Predicate<String> fits = FieldValues.acceptable(f);
            List<Object> wrong = FieldValues.wrongValues(f, new Random(5));
            assertThat(wrong).as(name).contains(42L); // another type
            assertThat(wrong.stream().filter(String.class::isInstance).map(String.class::cast))
                    .as(name)
                    .isNotEmpty()
                    .noneMatch(s -> fits.test(FieldValues.normalized(f, s)));
        }
    }

    @Test
    void wrongNumbersLieOutsideTheirBounds() {
        assertThat(FieldValues.wrongValues(SPEC.field("qty"), new Random(5)))
                .contains(
                        "12.5",
                        new EventWriter.Raw("2.5"),
                        new EventWriter.Raw("0"),
                        new EventWriter.Raw("100"));
    }

    @Test
    void normalizationIsAppliedInTheSpecsOrder() {
        assertThat(FieldValues.normalized(SPEC.field("shop"), "  Shop-1 ")).isEqualTo("shop-1");
    }

    static PipelineSpec parse(String yaml) {
        try {
            return PipelineSpec.parse(yaml);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
