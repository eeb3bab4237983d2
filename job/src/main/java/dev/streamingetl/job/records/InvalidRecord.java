package dev.streamingetl.job.records;

/** Why a record cannot be used: a dead-letter reason and a detail naming the field. */
public final class InvalidRecord extends Exception {

    private final String reason;

    public InvalidRecord(String reason, String detail) {
        // No stack trace: bad records are expected input, not bugs, and must stay cheap.
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
