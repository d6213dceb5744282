package dev.xai4j.model;

import java.util.Arrays;

/**
 * A dense float tensor in row-major (C) order: the plain-Java currency of the SDK's public API.
 *
 * <p>The element at index {@code (i0, …, ik)} lives at {@code data[Σ_j i_j · stride_j]} with
 * {@code stride_k = 1} and {@code stride_j = stride_{j+1} · shape[j+1]}. The record does not copy
 * the array it is given; treat {@code data} as read-only once a tensor is built.
 *
 * @param data  the values, {@code product(shape)} of them
 * @param shape the dimensions; an empty shape is a scalar
 */
public record Tensor(float[] data, long[] shape) {

    public Tensor {
        long n = elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape)
                    + " needs " + n + " values, got " + data.length);
        }
    }

    /** A tensor over {@code data} with integer dimensions. */
    public static Tensor of(float[] data, long... shape) {
        return new Tensor(data, shape.clone());
    }

    /** Number of elements that a shape holds; negative dimensions are refused. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return (int) shape[i < 0 ? shape.length + i : i];
    }

    /** The value at a full index. */
    public float get(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for tensor of rank " + shape.length);
        }
        long off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return data[(int) off];
    }

    /**
     * The sub-tensor at position {@code i} of the first dimension (e.g. one image of a batch), as a
     * copy.
     */
    public Tensor slice(int i) {
        if (shape.length == 0 || i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("slice " + i + " of " + Arrays.toString(shape));
        }
        long[] rest = Arrays.copyOfRange(shape, 1, shape.length);
        int n = (int) elementCount(rest);
        return new Tensor(Arrays.copyOfRange(data, i * n, (i + 1) * n), rest);
    }

    /** The same values under another shape with the same element count. */
    public Tensor reshape(long... newShape) {
        return new Tensor(data, newShape.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
