package dev.streamingetl.tools;

import dev.streamingetl.spec.SpecException;
import picocli.CommandLine;

/**
 * Command-line conventions of the tools: a bad flag or spec is one line and exit 2, a failure one
 * line and exit 1.
 */
final class Cli {

    private Cli() {}

    static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    cli.getErr().println("error: " + e.getMessage() + " (see --help)");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return e instanceof SpecException ? 2 : 1;
                });
        return cli;
    }
}
