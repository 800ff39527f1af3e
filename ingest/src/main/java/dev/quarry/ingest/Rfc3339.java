package dev.quarry.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalLong;

/**
 * RFC 3339 {@code date-time} (section 5.6), parsed strictly by its grammar and written in UTC with
 * millisecond precision. Stateless; thread-safe.
 *
 * <p>{@code java.time}'s ISO parsers are close but not equal to the grammar: they accept years
 * beyond four digits and offsets without minutes, and reject leap seconds and offsets of more
 * than 18 hours, all of which the grammar decides the other way.
 */
final class Rfc3339 {
    /** 0000-01-01T00:00:00Z, the earliest instant the grammar can write. */
    static final long MIN_MILLIS = -62_167_219_200_000L;
    /** 9999-12-31T23:59:59.999Z, the latest instant the grammar can write. */
    static final long MAX_MILLIS = 253_402_300_799_999L;

    private Rfc3339() {}

    /**
     * Epoch milliseconds of an RFC 3339 date-time, fractional seconds truncated to milliseconds;
     * empty when {@code s} is not one. A leap second ({@code 23:59:60} in UTC) is read as the
     * last millisecond of its minute, since epoch time has no room for it.
     */
    static OptionalLong parseMillis(String s) {
        int len = s.length();
        if (len < 20 || len > 64) { // 64: 35 fraction digits are precise enough for anyone
            return OptionalLong.empty();
        }
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-'
                || !digits(s, 8, 2) || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || !digits(s, 11, 2) || s.charAt(13) != ':' || !digits(s, 14, 2)
                || s.charAt(16) != ':' || !digits(s, 17, 2)) {
            return OptionalLong.empty();
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = num(s, 17, 2);
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < len && isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return OptionalLong.empty();
            }
            for (int k = i - start; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetMinutes;
        if (i == len - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetMinutes = 0;
        } else if (i == len - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-')
                && digits(s, i + 1, 2) && s.charAt(i + 3) == ':' && digits(s, i + 4, 2)) {
            int oh = num(s, i + 1, 2);
            int om = num(s, i + 4, 2);
            if (oh > 23 || om > 59) {
                return OptionalLong.empty();
            }
            offsetMinutes = (s.charAt(i) == '-' ? -1 : 1) * (oh * 60 + om);
        } else {
            return OptionalLong.empty();
        }
        if (hour > 23 || minute > 59 || second > 60) {
            return OptionalLong.empty();
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return OptionalLong.empty();
        }
        long utcMinuteOfDay = Math.floorMod(hour * 60 + minute - offsetMinutes, 1440);
        if (second == 60) {
            if (utcMinuteOfDay != 1439) {
                return OptionalLong.empty();
            }
            second = 59;
            millis = 999;
        }
        long epochSecond = epochDay * 86_400 + hour * 3_600L + minute * 60L + second
                - offsetMinutes * 60L;
        return OptionalLong.of(epochSecond * 1_000 + millis);
    }

    /** True when {@link #format} can write these epoch milliseconds (years 0000 to 9999). */
    static boolean canFormat(long epochMillis) {
        return epochMillis >= MIN_MILLIS && epochMillis <= MAX_MILLIS;
    }

    /**
     * The instant as {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}.
     *
     * @throws IllegalArgumentException outside years 0000 to 9999 (see {@link #canFormat})
     */
    static String format(long epochMillis) {
        if (!canFormat(epochMillis)) {
            throw new IllegalArgumentException("not representable in RFC 3339: " + epochMillis);
        }
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static boolean digits(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int num(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
