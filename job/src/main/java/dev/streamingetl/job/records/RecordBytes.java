package dev.streamingetl.job.records;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The checks of a record's bytes that come before any parsing. Not thread-safe. */
final class RecordBytes {

    /** Eight bytes of a record as one long, the first in the lowest bits. */
    private static final VarHandle EIGHT_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    private final CharsetDecoder utf8 =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final int maxRecordBytes;

    RecordBytes(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Rejects a record that is absent, empty, too large or not UTF-8, before any parsing. */
    void check(byte[] value) throws InvalidRecord {
        checkSize(value);
        int notUtf8 = invalidUtf8At(value);
        if (notUtf8 >= 0) {
            throw new InvalidRecord(
                    DeadLetter.MALFORMED_JSON, "not valid UTF-8 at byte " + notUtf8);
        }
    }

    /** Rejects a record that is absent, empty or too large. */
    void checkSize(byte[] value) throws InvalidRecord {
        if (value == null) {
            throw new InvalidRecord(DeadLetter.EMPTY_RECORD, "record value is null (a tombstone)");
        }
        if (value.length == 0) {
            throw new InvalidRecord(DeadLetter.EMPTY_RECORD, "record value is empty");
        }
        if (value.length > maxRecordBytes) {
            throw new InvalidRecord(
                    DeadLetter.OVERSIZED_RECORD,
                    "record value is "
                            + value.length
                            + " bytes, above the limit of "
                            + maxRecordBytes
                            + " (--max-record-bytes)");
        }
    }

    /** The eight bytes of {@code b} from {@code i} as one long, the first in the lowest bits. */
    static long eightBytes(byte[] b, int i) {
        return (long) EIGHT_BYTES.get(b, i);
    }

    /** Whether {@code value} is well-formed UTF-8. */
    boolean isUtf8(byte[] value) {
        return invalidUtf8At(value) < 0;
    }

    /**
     * The offset of the first byte that is not well-formed UTF-8, or -1. Jackson decodes strings
     * leniently (it lets encoded surrogates and overlong forms through), so the check is ours;
     * records of ASCII only, the common case, cost one pass over their bytes.
     */
    private int invalidUtf8At(byte[] value) {
        int i = 0;
        while (i + Long.BYTES <= value.length && (eightBytes(value, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        while (i < value.length && value[i] >= 0) {
            i++;
        }
        if (i == value.length) {
            return -1;
        }
        ByteBuffer in = ByteBuffer.wrap(value, i, value.length - i);
        CoderResult result = utf8.reset().decode(in, CharBuffer.allocate(value.length - i), true);
        return result.isError() ? in.position() : -1;
    }
}
