package dev.streamingetl.job.records;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Instants of the form {@code 2026-11-24T10:15:30.123Z} read in place from a record's bytes, for
 * the fast paths; every other form is left to {@link java.time}.
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
     * the fast paths may compute themselves: from 1970, a real date, no leap second ({@code
     * fraction} is negative when its digits were not all digits).
     */
    static boolean isUtcDateTime(
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
     * The epoch milliseconds of {@code s} if it has the form most producers send, {@code
     * yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a valid date and time from 1970 on, else -1 (then {@code
     * OffsetDateTime} decides, as for every other form). A tenth of the cost of the general parser.
     */
    static long utcMillis(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || n == 21 || s.charAt(n - 1) != 'Z') {
            return -1;
        }
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || (n > 20 && s.charAt(19) != '.')) {
            return -1;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int fractionDigits = n > 20 ? n - 21 : 0;
        int fraction = n > 20 ? digits(s, 20, n - 1) : 0;
        if (!isUtcDateTime(year, month, day, hour, minute, second, fraction)) {
            return -1;
        }
        long millis =
                fractionDigits >= 3
                        ? fraction / POWERS_OF_TEN[fractionDigits - 3]
                        : fraction * POWERS_OF_TEN[3 - fractionDigits];
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static final long[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    /** The decimal number in {@code s[from, to)}, or -1 if a character there is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
