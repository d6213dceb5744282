package dev.xai4j.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColormapTest {

    private static double luminance(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }

    @Test
    void endpointsAreTheAnchorColours() {
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(0));
        assertEquals(0xfde725, Colormap.VIRIDIS.rgb(1));
        assertEquals(0x26828e, Colormap.VIRIDIS.rgb(4 / 9.0));
        assertEquals(0x000004, Colormap.INFERNO.rgb(0));
        assertEquals(0xfcffa4, Colormap.INFERNO.rgb(1));
        assertEquals(0x000000, Colormap.GREY.rgb(0));
        assertEquals(0xffffff, Colormap.GREY.rgb(1));
        assertEquals(0x808080, Colormap.GREY.rgb(0.5));
        // jet: (0, 0, ½) → (½, 1, ½) → (½, 0, 0), ½·255 rounds to 128
        assertEquals(0x000080, Colormap.JET.rgb(0));
        assertEquals(0x80ff80, Colormap.JET.rgb(0.5));
        assertEquals(0x800000, Colormap.JET.rgb(1));
        // turbo polynomial: constant terms at 0 (0.1357, 0.0914, 0.1067); sums of coefficients at 1 (0.5659, 0.0505, < 0)
        assertEquals(0x23171b, Colormap.TURBO.rgb(0));
        assertEquals(0x900d00, Colormap.TURBO.rgb(1));
        assertEquals(0x0000ff, Colormap.BLUE_WHITE_RED.rgb(0));
        assertEquals(0xffffff, Colormap.BLUE_WHITE_RED.rgb(0.5));
        assertEquals(0xff0000, Colormap.BLUE_WHITE_RED.rgb(1));
    }

    @Test
    void signedValuesSitAroundTheMiddle() {
        assertEquals(0xffffff, Colormap.BLUE_WHITE_RED.rgbSigned(0));
        assertEquals(0x0000ff, Colormap.BLUE_WHITE_RED.rgbSigned(-1));
        assertEquals(0xff0000, Colormap.BLUE_WHITE_RED.rgbSigned(1));
    }

    @Test
    void outOfRangeClampsAndNaNReadsAsZero() {
        for (Colormap m : Colormap.values()) {
            assertEquals(m.rgb(0), m.rgb(-3), m.name());
            assertEquals(m.rgb(1), m.rgb(7), m.name());
            assertEquals(m.rgb(0), m.rgb(Double.NaN), m.name());
        }
    }

    @Test
    void luminanceRisesMonotonicallyForSequentialMaps() {
        for (Colormap m : new Colormap[]{Colormap.VIRIDIS, Colormap.INFERNO, Colormap.GREY}) {
            double previous = -1;
            for (int i = 0; i <= 1000; i++) {
                double y = luminance(m.rgb(i / 1000.0));
                // channels are rounded separately, so a red or blue step may land just before a green one
                assertTrue(y >= previous - 0.3, m + " luminance falls at t = " + i / 1000.0);
                previous = y;
            }
            assertTrue(luminance(m.rgb(1)) - luminance(m.rgb(0)) > 200, m.name());
        }
    }
}
