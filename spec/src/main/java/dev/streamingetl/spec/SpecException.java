package dev.streamingetl.spec;

/**
 * A pipeline spec that cannot be used; the message names the file, the key and what to write
 * instead.
 */
public final class SpecException extends Exception {

    public SpecException(String message) {
        super(message);
    }
}
