package learning.forecast.internal;

import learning.api.forecast.ProducerCorrelation;

/**
 * Sufficient statistics of one producer pair for one asset and horizon, over the 2-hour episodes
 * in which both called: the 3 x 3 table of their calls (a's call by row), and who was right. A
 * delta is a {@code PairStats} too.
 */
final class PairStats {
    final long[] calls = new long[9];
    long agreeWins;
    long disagreeWinsA;
    long disagreeWinsB;

    /** Adds ({@code sign} 1) or removes (-1) one episode in which a and b made these calls. */
    void add(OutcomeRow a, OutcomeRow b, int sign) {
        calls[a.action() * 3 + b.action()] += sign;
        if (a.action() == b.action()) {
            agreeWins += a.correct() ? sign : 0;
        } else {
            disagreeWinsA += a.correct() ? sign : 0;
            disagreeWinsB += b.correct() ? sign : 0;
        }
    }

    void add(PairStats d) {
        for (int i = 0; i < calls.length; i++) {
            calls[i] += d.calls[i];
        }
        agreeWins += d.agreeWins;
        disagreeWinsA += d.disagreeWinsA;
        disagreeWinsB += d.disagreeWinsB;
    }

    long samples() {
        long n = 0;
        for (long c : calls) {
            n += c;
        }
        return n;
    }

    long agreements() {
        return calls[0] + calls[4] + calls[8];
    }

    boolean isZero() {
        return samples() == 0 && agreeWins == 0 && disagreeWinsA == 0 && disagreeWinsB == 0;
    }

    ProducerCorrelation toCorrelation(String asset, String horizon, String a, String b) {
        long n = samples();
        long agree = agreements();
        long disagree = n - agree;
        return new ProducerCorrelation(a, b, asset, horizon, n, n == 0 ? 0 : (double) agree / n, Stats.kappa(calls),
                agree == 0 ? null : (double) agreeWins / agree, disagree == 0 ? null : (double) disagreeWinsA / disagree,
                disagree == 0 ? null : (double) disagreeWinsB / disagree);
    }
}
