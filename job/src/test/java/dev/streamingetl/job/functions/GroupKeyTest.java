package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for {@link GroupKey}: keys tell groups apart and give their values back. */
class GroupKeyTest {

    private static final String[] PARTS = {"", "a", "|", "\\", "a|b", "a\\|", "\\\\", "é|ü"};

    @Test
    void oneFieldIsItsValue() {
        assertThat(GroupKey.of(new String[] {"a|b\\"})).isEqualTo("a|b\\");
        assertThat(GroupKey.values("a|b\\", 1)).containsExactly("a|b\\");
    }

    @Test
    void everyPairAndTripleOfValuesHasAKeyOfItsOwnThatGivesItBack() {
        List<String[]> groups = new ArrayList<>();
        for (String x : PARTS) {
            for (String y : PARTS) {
                groups.add(new String[] {x, y});
                for (String z : PARTS) {
                    groups.add(new String[] {x, y, z});
                }
            }
        }
        Set<String> keys = new HashSet<>();
        for (String[] group : groups) {
            String key = GroupKey.of(group);
            assertThat(keys.add(group.length + ":" + key)).as(key).isTrue();
            assertThat(GroupKey.values(key, group.length)).containsExactly(group);
        }
    }
}
