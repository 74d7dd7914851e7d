package learning.forecast.internal;

import java.util.ArrayList;
import java.util.List;

import learning.api.forecast.ProducerPerformance;
import learning.api.forecast.ReliabilityBin;

/**
 * Sufficient statistics of one producer group: sums from which every figure of a
 * {@link ProducerPerformance} follows, and which an outcome can be added to or taken out of. A
 * delta (outcomes in minus outcomes out) is a {@code GroupStats} too, with possibly negative parts.
 */
final class GroupStats {
    static final int BINS = 10;
    /** Win rate and interval are shown from this many outcomes on. */
    static final int MIN_OUTCOMES = 5;

    long n;
    long wins;
    double sumBrier;
    double sumLog;
    double sumConf;
    double sumConf2;
    double sumConfWin;
    final long[] binN = new long[BINS];
    final double[] binConf = new double[BINS];
    final long[] binWins = new long[BINS];

    static int bin(double confidence) {
        // the small nudge keeps decimal edges such as 0.3 in the bin they name
        int k = (int) Math.floor(confidence * BINS + 1e-9);
        return Math.max(0, Math.min(BINS - 1, k));
    }

    void add(OutcomeRow r, int sign) {
        int win = r.correct() ? 1 : 0;
        double c = r.confidence();
        n += sign;
        wins += sign * win;
        sumBrier += sign * r.brier();
        sumLog += sign * r.logScore();
        sumConf += sign * c;
        sumConf2 += sign * c * c;
        sumConfWin += sign * c * win;
        int k = bin(c);
        binN[k] += sign;
        binConf[k] += sign * c;
        binWins[k] += sign * win;
    }

    void add(GroupStats d) {
        n += d.n;
        wins += d.wins;
        sumBrier += d.sumBrier;
        sumLog += d.sumLog;
        sumConf += d.sumConf;
        sumConf2 += d.sumConf2;
        sumConfWin += d.sumConfWin;
        for (int k = 0; k < BINS; k++) {
            binN[k] += d.binN[k];
            binConf[k] += d.binConf[k];
            binWins[k] += d.binWins[k];
        }
    }

    /** @return whether adding this changes nothing */
    boolean isZero() {
        if (n != 0 || wins != 0 || sumBrier != 0 || sumLog != 0 || sumConf != 0 || sumConf2 != 0 || sumConfWin != 0) {
            return false;
        }
        for (int k = 0; k < BINS; k++) {
            if (binN[k] != 0 || binConf[k] != 0 || binWins[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Forgets the rounding left over when every outcome has gone: an empty group is exactly zero. */
    void clearResidue() {
        for (int k = 0; k < BINS; k++) {
            if (binN[k] == 0) {
                binConf[k] = 0;
            }
        }
        if (n == 0) {
            sumBrier = 0;
            sumLog = 0;
            sumConf = 0;
            sumConf2 = 0;
            sumConfWin = 0;
        }
    }

    ProducerPerformance toPerformance(String producer, String asset, String horizon, String regime) {
        Double winRate = null;
        Double low = null;
        Double high = null;
        if (n >= MIN_OUTCOMES) {
            winRate = (double) wins / n;
            double[] w = Stats.wilson(wins, n, Stats.Z95);
            low = w[0];
            high = w[1];
        }
        List<ReliabilityBin> bins = new ArrayList<>(BINS);
        double base = n == 0 ? 0 : (double) wins / n;
        double reliability = 0;
        double resolution = 0;
        for (int k = 0; k < BINS; k++) {
            long nk = binN[k];
            Double f = null;
            Double o = null;
            if (nk > 0) {
                f = clamp(binConf[k] / nk, 0, 1);
                o = (double) binWins[k] / nk;
                reliability += nk * (f - o) * (f - o);
                resolution += nk * (o - base) * (o - base);
            }
            bins.add(new ReliabilityBin(k / (double) BINS, (k + 1) / (double) BINS, nk, f, o));
        }
        double count = Math.max(1, n);
        return new ProducerPerformance(producer, asset, horizon, regime, n, winRate, low, high,
                clamp(sumBrier / count, 0, 1), Math.max(0, sumLog / count), clamp(sumConf / count, 0, 1),
                Stats.confidenceCorrelation(n, wins, sumConf, sumConf2, sumConfWin), List.copyOf(bins),
                reliability / count, resolution / count, base * (1 - base));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
