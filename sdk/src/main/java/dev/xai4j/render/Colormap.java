package dev.xai4j.render;

/**
 * Colour scales from a value {@code t ∈ [0, 1]} (clamped; NaN reads as 0) to a packed
 * {@code 0xRRGGBB} colour. Channels are computed in [0, 1] and rounded to {@code round(255·c)}.
 * <ul>
 *   <li>{@link #JET}: MATLAB's classic jet, {@code r = clamp(1.5 − |4t − 3|)},
 *       {@code g = clamp(1.5 − |4t − 2|)}, {@code b = clamp(1.5 − |4t − 1|)}: dark blue → dark red;</li>
 *   <li>{@link #VIRIDIS}, {@link #INFERNO}: matplotlib's maps, linear between 10 evenly spaced anchor
 *       colours (perceptually uniform, luminance increasing);</li>
 *   <li>{@link #TURBO}: Google's Turbo through its published polynomial approximation
 *       (Mikhailov and Du, 2019), degree 5 per channel;</li>
 *   <li>{@link #GREY}: {@code (t, t, t)};</li>
 *   <li>{@link #BLUE_WHITE_RED}: diverging, for signed maps: blue {@code (0, 0, 1)} at 0, white at ½,
 *       red {@code (1, 0, 0)} at 1 (matplotlib's {@code bwr}); see {@link #rgbSigned(double)}.</li>
 * </ul>
 */
public enum Colormap {
    JET,
    VIRIDIS(0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725),
    INFERNO(0x000004, 0x1b0c41, 0x4a0c6b, 0x781c6d, 0xa52c60, 0xcf4446, 0xed6925, 0xfb9b06, 0xf7d13d, 0xfcffa4),
    TURBO,
    GREY(0x000000, 0xffffff),
    BLUE_WHITE_RED(0x0000ff, 0xffffff, 0xff0000);

    /** Anchor colours evenly spaced over [0, 1], for the maps defined by linear interpolation. */
    private final int[] stops;

    Colormap(int... stops) {
        this.stops = stops;
    }

    /** The colour of {@code t}, clamped to [0, 1], as {@code 0xRRGGBB}. */
    public int rgb(double t) {
        t = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        return switch (this) {
            case JET -> pack(1.5 - Math.abs(4 * t - 3), 1.5 - Math.abs(4 * t - 2), 1.5 - Math.abs(4 * t - 1));
            case TURBO -> turbo(t);
            default -> interpolate(t);
        };
    }

    /** The colour of a signed value {@code v ∈ [−1, 1]} (clamped): {@code rgb((v + 1) / 2)}, so 0 sits mid-scale. */
    public int rgbSigned(double v) {
        return rgb((v + 1) / 2);
    }

    private int interpolate(double t) {
        double pos = t * (stops.length - 1);
        int i = Math.min((int) pos, stops.length - 2);
        double f = pos - i;
        int a = stops[i];
        int b = stops[i + 1];
        return pack(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static double mix(int a, int b, double f) {
        return ((a & 0xff) + f * ((b & 0xff) - (a & 0xff))) / 255.0;
    }

    private static int turbo(double x) {
        double x2 = x * x;
        double x3 = x2 * x;
        double x4 = x2 * x2;
        double x5 = x4 * x;
        double r = 0.13572138 + 4.61539260 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5;
        double g = 0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5;
        double b = 0.10667330 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5;
        return pack(r, g, b);
    }

    private static int pack(double r, double g, double b) {
        return channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static int channel(double c) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, c)));
    }
}
