package dev.streamingetl.job.testing;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A seeded generator of test inputs: the same seed gives the same inputs, so a failure found by
 * {@link PropertyCheck} can be replayed. Ranges lean to their edges, where parsers break.
 */
@FunctionalInterface
public interface Gen<T> {

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> choices = List.of(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return random -> gens[random.nextInt(gens.length)].next(random);
    }

    /** Integers in {@code [min, max]}, one in ten an end of the range. */
    static Gen<Integer> ints(int min, int max) {
        return random -> {
            int edge = random.nextInt(20);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            return (int) random.nextLong(min, (long) max + 1);
        };
    }

    /** Longs in {@code [min, max]}, one in ten an end of the range. */
    static Gen<Long> longs(long min, long max) {
        return random ->
                switch (random.nextInt(20)) {
                    case 0 -> min;
                    case 1 -> max;
                    default ->
                            max == Long.MAX_VALUE
                                    ? random.nextLong(min, max)
                                    : random.nextLong(min, max + 1);
                };
    }

    /** Any long: small ones, the ends, and any bits. */
    static Gen<Long> anyLong() {
        Gen<Long> edges = of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<Long> small = longs(-1000, 1000);
        return random ->
                switch (random.nextInt(4)) {
                    case 0 -> edges.next(random);
                    case 1 -> small.next(random);
                    default -> random.nextLong();
                };
    }

    /** Doubles in {@code [min, max)}, with the ends and zero now and then. */
    static Gen<Double> doubles(double min, double max) {
        return random -> {
            int edge = random.nextInt(20);
            if (edge == 0) {
                return min;
            }
            if (edge == 1 && min <= 0 && max > 0) {
                return 0.0;
            }
            return random.nextDouble(min, max);
        };
    }

    /** Any finite double: tiny, huge, negative zero, the ends. */
    static Gen<Double> anyDouble() {
        Gen<Double> edges =
                of(
                        0.0,
                        -0.0,
                        Double.MIN_VALUE,
                        -Double.MIN_VALUE,
                        Double.MAX_VALUE,
                        -Double.MAX_VALUE);
        return random ->
                switch (random.nextInt(4)) {
                    case 0 -> edges.next(random);
                    case 1 -> random.nextDouble(-1e6, 1e6);
                    default -> {
                        double bits = Double.longBitsToDouble(random.nextLong());
                        yield Double.isFinite(bits) ? bits : random.nextDouble();
                    }
                };
    }

    /** Byte arrays of {@code [minSize, maxSize]} bytes, any values. */
    static Gen<byte[]> bytes(int minSize, int maxSize) {
        Gen<Integer> size = ints(minSize, maxSize);
        return random -> {
            byte[] b = new byte[size.next(random)];
            random.nextBytes(b);
            return b;
        };
    }

    /** Strings of letters and digits, {@code [minLength, maxLength]} characters. */
    static Gen<String> alphanumeric(int minLength, int maxLength) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Gen<Integer> length = ints(minLength, maxLength);
        return random -> {
            StringBuilder s = new StringBuilder();
            for (int i = length.next(random); i > 0; i--) {
                s.append(chars.charAt(random.nextInt(chars.length())));
            }
            return s.toString();
        };
    }

    /**
     * Strings of up to {@code maxLength} characters of every kind: ASCII, control characters,
     * letters of other scripts, characters beyond the BMP, and lone surrogates.
     */
    static Gen<String> anyString(int maxLength) {
        Gen<Integer> length = ints(0, maxLength);
        return random -> {
            StringBuilder s = new StringBuilder();
            for (int i = length.next(random); i > 0; i--) {
                switch (random.nextInt(6)) {
                    case 0 -> s.append((char) random.nextInt(0x20));
                    case 1, 2 -> s.append((char) random.nextInt(0x20, 0x7f));
                    case 3 -> s.append((char) random.nextInt(0x80, 0xd800));
                    case 4 -> s.appendCodePoint(random.nextInt(0x10000, 0x110000));
                    default -> s.append((char) random.nextInt(0xd800, 0xe000));
                }
            }
            return s.toString();
        };
    }
}
