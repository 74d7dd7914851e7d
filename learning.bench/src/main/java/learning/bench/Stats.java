package learning.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, min and max of repeated measurements of one quantity. */
record Stats(String name, String unit, String target, boolean higherIsBetter, double targetValue, List<Double> samples) {

    double median() {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(samples);
    }

    double max() {
        return Collections.max(samples);
    }

    boolean met() {
        return higherIsBetter ? median() >= targetValue : median() <= targetValue;
    }
}
