package dev.streamingetl.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command of bin/kafka and bin/s3 answers --help with its usage, and starts nothing. */
class CommandHelpTest {

    @Test
    void everySubcommandAnswersHelp() {
        List<Supplier<Object>> commands = List.of(KafkaCommand::new, S3Command::new);
        for (Supplier<Object> command : commands) {
            for (String sub : new CommandLine(command.get()).getSubcommands().keySet()) {
                StringWriter out = new StringWriter();
                CommandLine cli = new CommandLine(command.get());
                cli.setOut(new PrintWriter(out));
                assertThat(cli.execute(sub, "--help")).as(sub).isZero();
                assertThat(out.toString())
                        .as(sub)
                        .contains("Usage: ")
                        .contains(" " + sub + " ")
                        .contains("-h, --help");
            }
        }
    }
}
