package dev.streamingetl.job.records;

import java.util.Arrays;

/**
 * The spec's keys at one level of the record, as UTF-8 bytes: a field, or a way down. Keys are
 * compared eight bytes at a time, starting from the one after the last match: records tend to give
 * their fields in one order.
 */
final class SpecKey {
    private byte[][] names = new byte[0][];
    private long[] heads = new long[0];
    private long[] tails = new long[0];
    private SpecKey[] keys = new SpecKey[0];
    private int next;
    int field = -1;

    /** This key's own name: its length in bytes, and whether it is plain (see expected). */
    int nameLength;

    boolean plainName;

    /**
     * The key expected next if the record's key at {@code from} is it, a plain one (nothing a JSON
     * string escapes, all ASCII) with its closing quote: then no scan is needed.
     */
    SpecKey expected(byte[] b, int from) {
        if (names.length == 0) {
            return null;
        }
        SpecKey key = keys[next];
        int end = from + key.nameLength;
        if (key.plainName
                && end < b.length
                && b[end] == '"'
                && same(next, b, from, key.nameLength)) {
            next = next + 1 == names.length ? 0 : next + 1;
            return key;
        }
        return null;
    }

    SpecKey find(byte[] b, int from, int length) {
        int count = names.length;
        for (int tried = 0, k = next; tried < count; tried++, k = k + 1 == count ? 0 : k + 1) {
            if (names[k].length == length && same(k, b, from, length)) {
                next = k + 1 == count ? 0 : k + 1;
                return keys[k];
            }
        }
        return null;
    }

    /** Whether name {@code k}, of {@code length} bytes, is at {@code from} in {@code b}. */
    private boolean same(int k, byte[] b, int from, int length) {
        if (from + Long.BYTES > b.length || length > 2 * Long.BYTES) {
            return Arrays.equals(names[k], 0, length, b, from, from + length);
        }
        long head = RecordBytes.eightBytes(b, from);
        if (length <= Long.BYTES) {
            return (head & mask(length)) == heads[k];
        }
        return head == heads[k]
                && RecordBytes.eightBytes(b, from + length - Long.BYTES) == tails[k];
    }

    SpecKey add(byte[] name) {
        for (int k = 0; k < names.length; k++) {
            if (Arrays.equals(names[k], name)) {
                return keys[k];
            }
        }
        byte[] padded = Arrays.copyOf(name, Math.max(name.length, Long.BYTES));
        names = Arrays.copyOf(names, names.length + 1);
        names[names.length - 1] = name;
        heads = Arrays.copyOf(heads, heads.length + 1);
        heads[heads.length - 1] =
                RecordBytes.eightBytes(padded, 0) & mask(Math.min(name.length, Long.BYTES));
        tails = Arrays.copyOf(tails, tails.length + 1);
        tails[tails.length - 1] =
                name.length > Long.BYTES
                        ? RecordBytes.eightBytes(name, name.length - Long.BYTES)
                        : 0;
        SpecKey key = new SpecKey();
        key.nameLength = name.length;
        key.plainName = true;
        for (byte c : name) {
            key.plainName &= c >= 0x20 && c != '"' && c != '\\';
        }
        keys = Arrays.copyOf(keys, keys.length + 1);
        keys[keys.length - 1] = key;
        return key;
    }

    /** The low {@code length} bytes of a long. */
    private static long mask(int length) {
        return length >= Long.BYTES ? -1L : (1L << (8 * length)) - 1;
    }
}
