package dev.streamingetl.job.records;

import java.util.Arrays;

/**
 * Values of one field that passed its rules (normalized), by their bytes in the record: group
 * values repeat, so most records find theirs here and make no string to look it up. Only for fields
 * whose rules cost more than a lookup, as {@link FieldRule#known}.
 */
final class KnownValues {
    private static final int SLOTS = 1 << 13;

    /** Kept at most half full, so that probes stay short; later values are not remembered. */
    private static final int MAX_SIZE = SLOTS / 2;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private int size;

    static int hash(byte[] b, int from, int to) {
        long h = to - from;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = (h ^ RecordBytes.eightBytes(b, i)) * 0x9E3779B97F4A7C15L;
        }
        for (; i < to; i++) {
            h = (h ^ b[i]) * 0x100000001B3L;
        }
        return (int) (h ^ (h >>> 32));
    }

    String get(byte[] b, int from, int to, int hash) {
        int length = to - from;
        for (int k = hash & (SLOTS - 1); keys[k] != null; k = (k + 1) & (SLOTS - 1)) {
            byte[] key = keys[k];
            if (key.length == length && Arrays.equals(key, 0, length, b, from, to)) {
                return values[k];
            }
        }
        return null;
    }

    void put(byte[] b, int from, int to, int hash, String value) {
        if (size >= MAX_SIZE) {
            return;
        }
        int k = hash & (SLOTS - 1);
        while (keys[k] != null) {
            k = (k + 1) & (SLOTS - 1);
        }
        keys[k] = Arrays.copyOfRange(b, from, to);
        values[k] = value;
        size++;
    }
}
