package dev.streamingetl.job.records;

import java.nio.charset.StandardCharsets;
import java.time.Month;
import java.time.Year;

/**
 * Instants of the form {@code 2026-11-24T10:15:30.123Z}, the one most producers send, read without
 * {@link java.time}'s general parser (a tenth of its cost); every other form is left to it.
 */
final class UtcInstants {

    /** The largest event time accepted: the end of year 9999, as ISO-8601 can write it. */
    static final long MAX_TIMESTAMP = 253_402_300_799_999L;

    private UtcInstants() {}

    /**
     * The UTC instant in {@code b[from, to)} in the form {@code 2026-11-24T10:15:30.123Z} (0 to 9
     * fraction digits), or -1: other forms (offsets, other fraction lengths) go to Jackson's path.
     */
    static long utcMillis(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || n == 21 || b[to - 1] != 'Z') {
            return -1;
        }
        if (b[from + 4] != '-'
                || b[from + 7] != '-'
                || b[from + 10] != 'T'
                || b[from + 13] != ':'
                || b[from + 16] != ':'
                || (n > 20 && b[from + 19] != '.')) {
            return -1;
        }
        int year = digits(b, from, from + 4);
        int month = digits(b, from + 5, from + 7);
        int day = digits(b, from + 8, from + 10);
        int hour = digits(b, from + 11, from + 13);
        int minute = digits(b, from + 14, from + 16);
        int second = digits(b, from + 17, from + 19);
        int fraction = n > 20 ? digits(b, from + 20, to - 1) : 0;
        if (!isUtcDateTime(year, month, day, hour, minute, second, fraction)) {
            return -1;
        }
        int fractionDigits = n > 20 ? n - 21 : 0;
        long millis = fraction;
        for (int k = fractionDigits; k > 3; k--) {
            millis /= 10;
        }
        for (int k = fractionDigits; k < 3; k++) {
            millis *= 10;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** Days since 1970-01-01 of a valid date from 1970 on (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** The decimal number in {@code b[from, to)}, or -1 if a byte there is not a digit. */
    private static int digits(byte[] b, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /**
     * Whether the fields read from a {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} instant name one that
     * is computed here: from 1970, a real date, no leap second ({@code fraction} is negative when
     * its digits were not all digits).
     */
    private static boolean isUtcDateTime(
            int year, int month, int day, int hour, int minute, int second, int fraction) {
        return year >= 1970
                && month >= 1
                && month <= 12
                && day >= 1
                && hour >= 0
                && hour <= 23
                && minute >= 0
                && minute <= 59
                && second >= 0
                && second <= 59
                && fraction >= 0
                && day <= Month.of(month).length(Year.isLeap(year));
    }

    /**
     * What {@link #utcMillis(byte[], int, int)} reads in {@code s}: Jackson's path and the
     * contract's parser hold values as strings. A character beyond Latin-1 becomes '?', which no
     * form has.
     */
    static long utcMillis(String s) {
        if (s.length() > 30) {
            return -1;
        }
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1); // a surrogate pair becomes one '?'
        return utcMillis(b, 0, b.length);
    }
}
