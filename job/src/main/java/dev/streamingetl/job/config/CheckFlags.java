package dev.streamingetl.job.config;

/**
 * Checks the job's flags and pipeline spec and runs nothing: {@code bin/run-local} calls it before
 * it starts any service, so a mistyped flag costs a second, not a whole start-up.
 */
public final class CheckFlags {

    private CheckFlags() {}

    public static void main(String[] args) {
        try {
            JobConfig.parse(args);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
