package dev.xai4j.eval;

/**
 * A metric's curve: {@code y} at the removal fractions (or steps) {@code x}.
 *
 * @param x the abscissae, increasing
 * @param y one value per abscissa
 */
public record Curve(double[] x, double[] y) {

    public Curve {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a curve needs as many x as y values, at least 2; got " + x.length + " and " + y.length);
        }
        x = x.clone();
        y = y.clone();
    }

    /** The trapezoid area {@code Σ_k (y_k + y_{k+1}) / 2 · (x_{k+1} − x_k)}. */
    public double area() {
        double s = 0;
        for (int k = 0; k + 1 < x.length; k++) {
            s += (y[k] + y[k + 1]) / 2 * (x[k + 1] - x[k]);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && java.util.Arrays.equals(x, c.x) && java.util.Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(x) + java.util.Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "Curve" + java.util.Arrays.toString(y);
    }
}
