package dev.xai4j.image;

import dev.xai4j.model.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * How a model wants its input: resize (and optionally centre-crop) to {@code height × width}, scale
 * to [0, 1], then normalise each channel: {@code x = (pixel / 255 − mean[c]) / std[c]}, channels RGB.
 *
 * <p>Two resize policies cover the checkpoint formats: Hugging Face's image processor resizes
 * straight to the target size ({@code cropPct = 1}, {@code shortestEdge = false}); timm and
 * torchvision resize the shorter side to {@code ⌊size / cropPct⌋} and crop the centre
 * ({@code shortestEdge = true}). An image already of the target size is used as it is.
 *
 * @param height        model input height
 * @param width         model input width
 * @param interpolation resize filter
 * @param cropPct       share of the resized image kept by the centre crop, in (0, 1]
 * @param shortestEdge  resize the shorter side and crop (timm/torchvision) instead of resizing to the target
 * @param mean          per-channel mean (RGB)
 * @param std           per-channel standard deviation (RGB)
 */
public record Preprocessing(int height, int width, Interpolation interpolation, double cropPct,
                            boolean shortestEdge, float[] mean, float[] std) {

    /** ImageNet channel means. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet channel standard deviations. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public Preprocessing {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        }
        if (!(cropPct > 0 && cropPct <= 1)) {
            throw new IllegalArgumentException("crop_pct must be in (0, 1], got " + cropPct);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** ImageNet defaults: resize to 256·size/224 bilinear, centre-crop, ImageNet mean and std. */
    public static Preprocessing imagenet(int size) {
        return new Preprocessing(size, size, Interpolation.BILINEAR, 0.875, true, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** The same policy feeding {@code height × width} (a model run at another input size). */
    public Preprocessing withSize(int height, int width) {
        return height == this.height && width == this.width ? this
                : new Preprocessing(height, width, interpolation, cropPct, shortestEdge, mean, std);
    }

    /** Resizes and crops an image to the model's size, without normalising. */
    public RgbImage resize(RgbImage img) {
        if (img.width() == width && img.height() == height) {
            return img;
        }
        if (!shortestEdge && cropPct == 1.0) {
            return Resampler.resize(img, width, height, interpolation);
        }
        int rw;
        int rh;
        if (!shortestEdge) {
            // Hugging Face with a centre crop (DeiT): resize to ⌊size / crop_pct⌋ on both sides, then crop.
            rw = (int) Math.floor(width / cropPct);
            rh = (int) Math.floor(height / cropPct);
        } else if (img.width() <= img.height()) {
            // timm/torchvision: shorter side to ⌊size / crop_pct⌋, aspect kept, then centre crop.
            int target = (int) Math.floor(Math.min(height, width) / cropPct);
            rw = target;
            rh = (int) ((long) target * img.height() / img.width());
        } else {
            int target = (int) Math.floor(Math.min(height, width) / cropPct);
            rh = target;
            rw = (int) ((long) target * img.width() / img.height());
        }
        rw = Math.max(rw, width);
        rh = Math.max(rh, height);
        RgbImage r = (rw == img.width() && rh == img.height()) ? img : Resampler.resize(img, rw, rh, interpolation);
        int top = (int) Math.round((rh - height) / 2.0);
        int left = (int) Math.round((rw - width) / 2.0);
        return Resampler.crop(r, left, top, width, height);
    }

    /** The normalised {@code [3, height, width]} tensor of an image. */
    public Tensor apply(RgbImage img) {
        float[] out = new float[3 * height * width];
        write(resize(img), out, 0);
        return Tensor.of(out, 3, height, width);
    }

    /** The normalised {@code [B, 3, height, width]} tensor of a batch of images. */
    public Tensor batch(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int plane = 3 * height * width;
        float[] out = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            write(resize(images.get(i)), out, i * plane);
        }
        return Tensor.of(out, images.size(), 3, height, width);
    }

    private void write(RgbImage img, float[] out, int offset) {
        int hw = height * width;
        byte[] px = img.rgb();
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float s = std[c];
            for (int i = 0; i < hw; i++) {
                out[offset + c * hw + i] = ((px[3 * i + c] & 0xff) / 255f - m) / s;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && height == p.height && width == p.width
                && interpolation == p.interpolation && cropPct == p.cropPct && shortestEdge == p.shortestEdge
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return ((height * 31 + width) * 31 + interpolation.hashCode()) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "Preprocessing[" + height + "x" + width + ", " + interpolation + ", crop " + cropPct
                + (shortestEdge ? " shortest-edge" : "") + ", mean " + Arrays.toString(mean) + ", std "
                + Arrays.toString(std) + "]";
    }
}
