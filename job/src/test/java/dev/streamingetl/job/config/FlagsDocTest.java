package dev.streamingetl.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The table of flags in docs/operations.md against the flags the job has ({@link JobFlags}, the one
 * place they are defined): every flag documented, and nothing documented that the job does not
 * take.
 */
class FlagsDocTest {

    @Test
    void theDocumentedFlagTableListsExactlyTheJobsFlags() throws Exception {
        Set<String> flags = new TreeSet<>();
        for (OptionSpec option : new CommandLine(new JobFlags()).getCommandSpec().options()) {
            String name = option.longestName();
            if (!name.equals("--help")) {
                flags.add(option.negatable() ? "--[no-]" + name.substring(2) : name);
            }
        }
        String readme = Files.readString(Path.of("..", "docs", "operations.md"));
        String table = readme.substring(readme.indexOf("## Flags"));
        table =
                table.substring(
                        0,
                        table.indexOf("\n## ", 1) < 0 ? table.length() : table.indexOf("\n## ", 1));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(--[^`]+)` \\|").matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).isEqualTo(flags);
    }
}
