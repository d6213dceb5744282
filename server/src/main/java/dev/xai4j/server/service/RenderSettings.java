package dev.xai4j.server.service;

import dev.xai4j.explain.ParameterException;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.Normalization;
import dev.xai4j.render.RenderOptions;
import dev.xai4j.render.Upsampling;

import java.util.Arrays;
import java.util.Locale;

/** Parses the rendering options of requests and command lines, with errors naming the option. */
public final class RenderSettings {

    private RenderSettings() {
    }

    /**
     * Render options from words; null keeps the default ({@link RenderOptions#DEFAULT}).
     *
     * @throws ParameterException naming the option at fault and the allowed values
     */
    public static RenderOptions parse(String colormap, Double alpha, String normalization, String upsampling) {
        RenderOptions o = RenderOptions.DEFAULT;
        if (colormap != null) {
            o = o.withColormap(colormap(colormap));
        }
        if (alpha != null) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new ParameterException("alpha", "alpha = " + alpha + " is out of range [0, 1]");
            }
            o = o.withAlpha(alpha);
        }
        if (normalization != null) {
            o = o.withNormalization(normalization(normalization));
        }
        if (upsampling != null) {
            o = o.withUpsampling(upsampling(upsampling));
        }
        return o;
    }

    /** A colour scale by name: {@code jet}, {@code viridis}, {@code inferno}, {@code turbo}, {@code grey}, {@code blue_white_red}. */
    public static Colormap colormap(String name) {
        String w = word(name);
        if (w.equals("gray")) {
            w = "grey";
        }
        if (w.equals("bwr")) {
            w = "blue_white_red";
        }
        for (Colormap c : Colormap.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(w)) {
                return c;
            }
        }
        throw new ParameterException("colormap", "colormap '" + name + "' is not one of "
                + Arrays.stream(Colormap.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static Normalization normalization(String name) {
        return switch (word(name)) {
            case "auto" -> Normalization.AUTO;
            case "max" -> Normalization.MAX;
            case "min_max", "minmax" -> Normalization.MIN_MAX;
            case "symmetric" -> Normalization.SYMMETRIC;
            case "percentile" -> Normalization.percentile(1, 99);
            default -> throw new ParameterException("normalization", "normalization '" + name
                    + "' is not one of [auto, max, min_max, symmetric, percentile]");
        };
    }

    private static Upsampling upsampling(String name) {
        for (Upsampling u : Upsampling.values()) {
            if (u.name().toLowerCase(Locale.ROOT).equals(word(name))) {
                return u;
            }
        }
        throw new ParameterException("upsampling", "upsampling '" + name + "' is not one of [nearest, bilinear, bicubic]");
    }

    private static String word(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
