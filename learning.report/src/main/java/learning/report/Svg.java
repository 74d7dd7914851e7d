package learning.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small hand-written SVG charts: line charts over time and a scatter plot. */
final class Svg {
    static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f"};
    private static final int W = 720;
    private static final int H = 360;
    private static final int L = 60;
    private static final int R = 150;
    private static final int T = 36;
    private static final int B = 44;

    private Svg() {
    }

    /** One named series of (x, y) points, x in days. */
    record Series(String name, double[] x, double[] y, boolean dashed) {
    }

    static String lines(String title, String xLabel, String yLabel, List<Series> series, double yMin, double yMax,
            List<double[]> bands) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.x()) {
                xMin = Math.min(xMin, v);
                xMax = Math.max(xMax, v);
            }
        }
        if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        StringBuilder b = head(title);
        axes(b, xMin, xMax, yMin, yMax, xLabel, yLabel);
        if (bands != null) {
            for (double[] band : bands) {
                b.append(String.format(Locale.ROOT,
                        "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#d62728' stroke-opacity='0.35' stroke-width='1'/>%n",
                        px(band[0], xMin, xMax), T, px(band[0], xMin, xMax), H - B));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < s.x().length; k++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(s.x()[k], xMin, xMax), py(s.y()[k], yMin, yMax)));
            }
            String colour = COLOURS[i % COLOURS.length];
            b.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.8'%s points='%s'/>%n",
                    colour, s.dashed() ? " stroke-dasharray='5,3'" : "", pts.toString().trim()));
            int ly = T + 14 + i * 18;
            b.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='2'%s/>"
                    + "<text x='%d' y='%d' font-size='12'>%s</text>%n", W - R + 10, ly, W - R + 30, ly, colour,
                    s.dashed() ? " stroke-dasharray='5,3'" : "", W - R + 36, ly + 4, esc(s.name())));
        }
        return b.append("</svg>\n").toString();
    }

    /** A scatter of labelled points. */
    static String scatter(String title, String xLabel, String yLabel, double[] x, double[] y, String[] labels,
            double xMin, double xMax, double yMin, double yMax) {
        StringBuilder b = head(title);
        axes(b, xMin, xMax, yMin, yMax, xLabel, yLabel);
        for (int i = 0; i < x.length; i++) {
            double cx = px(x[i], xMin, xMax);
            double cy = py(y[i], yMin, yMax);
            b.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='#1f77b4'/>"
                    + "<text x='%.1f' y='%.1f' font-size='9' fill='#555'>%s</text>%n", cx, cy, cx + 5, cy - 4,
                    esc(labels[i])));
        }
        return b.append("</svg>\n").toString();
    }

    private static StringBuilder head(String title) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' font-family='sans-serif'>%n<rect width='100%%' height='100%%' fill='white'/>%n"
                + "<text x='%d' y='20' font-size='14' font-weight='bold'>%s</text>%n", W, H, W, H, L, esc(title)));
        return b;
    }

    private static void axes(StringBuilder b, double xMin, double xMax, double yMin, double yMax, String xLabel,
            String yLabel) {
        b.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>%n",
                L, T, W - L - R, H - T - B));
        for (double v : ticks(yMin, yMax)) {
            double y = py(v, yMin, yMax);
            b.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>"
                    + "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>%n", L, y, W - R, y, L - 4,
                    y + 3, fmt(v)));
        }
        for (double v : ticks(xMin, xMax)) {
            double x = px(v, xMin, xMax);
            b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>%n",
                    x, H - B + 14, fmt(v)));
        }
        b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>%n",
                (L + W - R) / 2, H - 8, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x='14' y='%d' font-size='11' text-anchor='middle' "
                + "transform='rotate(-90 14 %d)'>%s</text>%n", (T + H - B) / 2, (T + H - B) / 2, esc(yLabel)));
    }

    private static List<Double> ticks(double min, double max) {
        double span = max - min;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (span / (step * m) <= 6) {
                step *= m;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(min / step) * step; v <= max + 1e-12; v += step) {
            out.add(v);
        }
        return out;
    }

    private static String fmt(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf((long) Math.rint(v))
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double px(double x, double min, double max) {
        return L + (x - min) / (max - min) * (W - L - R);
    }

    private static double py(double y, double min, double max) {
        return H - B - (y - min) / (max - min) * (H - T - B);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
