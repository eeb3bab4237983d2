package dev.streamingetl.job.config;

/** A flag or setting the job cannot run with; the message names it and says what to set. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
