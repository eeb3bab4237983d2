package dev.streamingetl.tools;

import java.util.SplittableRandom;

/** What the generators share: a skewed pick, a normal deviate, rounding to cents. */
final class Draws {

    private Draws() {}

    /**
     * The cumulative shares of a Zipf-like mix over {@code n} items, the first the most frequent.
     */
    static double[] zipfCumulative(int n, double exponent) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    /** An index drawn with the shares of {@link #zipfCumulative}. */
    static int pick(SplittableRandom random, double[] cumulative) {
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Rounded to cents, as prices and readings are written. */
    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
