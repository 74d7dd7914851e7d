package learning.meta.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import learning.api.ledger.ForecastAction;

/**
 * One producer's resolved call in an episode: the latest of its forecasts in the bucket.
 *
 * @param producer the producer
 * @param action long, short or flat
 * @param correct whether the resolver found it right
 * @param forecastMicros when it was made
 * @param seq the outcome event's sequence, to order calls made at the same instant
 * @param actualSign the sign of the actual return over its horizon: 1 up, -1 down, 0 unchanged
 * @param resolvedMicros when its outcome was written (the resolver run's instant)
 */
record Call(String producer, ForecastAction action, boolean correct, long forecastMicros, long seq, int actualSign,
        long resolvedMicros) {

    static final Comparator<Call> BY_PRODUCER = Comparator.comparing(Call::producer);

    /** Latest first: by forecast time, then by outcome sequence. */
    static boolean isLater(Call a, Call b) {
        return a.forecastMicros > b.forecastMicros || (a.forecastMicros == b.forecastMicros && a.seq > b.seq);
    }

    /** @return the calls as one text column: a line per call, fields separated by tabs */
    static String encode(List<Call> calls) {
        StringBuilder b = new StringBuilder(calls.size() * 48);
        for (Call c : calls) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(c.producer.replace('\t', ' ').replace('\n', ' ')).append('\t')
                    .append(c.action.name().charAt(0)).append('\t')
                    .append(c.correct ? '1' : '0').append('\t')
                    .append(c.forecastMicros).append('\t')
                    .append(c.seq).append('\t')
                    .append(c.actualSign).append('\t')
                    .append(c.resolvedMicros);
        }
        return b.toString();
    }

    static List<Call> decode(String text) {
        List<Call> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            ForecastAction a = switch (f[1].charAt(0)) {
                case 'L' -> ForecastAction.LONG;
                case 'S' -> ForecastAction.SHORT;
                default -> ForecastAction.FLAT;
            };
            out.add(new Call(f[0], a, f[2].charAt(0) == '1', Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Integer.parseInt(f[5]), Long.parseLong(f[6])));
        }
        return out;
    }

    /** @return the actual direction of an episode: that of its latest call (by forecast time) */
    static int actualSign(List<Call> calls) {
        Call latest = null;
        for (Call c : calls) {
            if (latest == null || isLater(c, latest)) {
                latest = c;
            }
        }
        return latest == null ? 0 : latest.actualSign;
    }

    /** @return when the episode became fully known: its last call's resolution */
    static long knownAt(List<Call> calls) {
        long max = Long.MIN_VALUE;
        for (Call c : calls) {
            max = Math.max(max, c.resolvedMicros);
        }
        return max;
    }
}
