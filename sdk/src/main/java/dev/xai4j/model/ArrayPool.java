package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the SameDiff inference sessions of one model get their arrays. A session releases each
 * intermediate once its last consumer has run; the array's buffer goes back to this pool, keyed by
 * data type and element count, and the next request for that many elements gets it back under its
 * own shape. Passes repeat the same sizes ([B·N, D], [B, N, D] and [B, H, N, D/H] are one size in a
 * ViT), so after the first pass almost nothing is allocated, and the memory held stays at what one
 * pass has in use at its peak.
 *
 * <p>Why buffers are kept rather than freed: an array that has been an op's input or output is not
 * freed by {@code close()} while the op context that SameDiff keeps per op still refers to it; the
 * memory comes back only when the garbage collector finalises it (measured: ~200 MB more RSS per
 * ViT-S pass, until the next GC). Reuse is what bounds the memory.
 *
 * <p>Why not SameDiff's own {@code ArrayCacheMemoryMgr}: it hands out a cached array for a shape
 * descriptor by flipping the array's order flag without changing its strides, and the descriptor of
 * {@code xw_plus_b}'s output is 'f' where the op's result is right only in a row-major array, so a
 * reused array came back scrambled (ViT logits off by ~2 on the parity fixtures). Arrays from here are
 * always row-major, as that manager's fresh arrays are. It also keys by exact shape, and sizes itself
 * from the heap (a quarter of {@code -Xmx} per session).
 *
 * <p>Used only by the worker thread that owns the sessions; not thread-safe.
 */
final class ArrayPool extends AbstractMemoryMgr {

    private final Map<String, ArrayDeque<DataBuffer>> free = new HashMap<>();
    /** The buffers in {@link #free}, by identity: a buffer released twice must not be handed out twice. */
    private final Set<DataBuffer> pooled = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Gives {@code sd} an inference session for the calling thread that takes its arrays from this pool. */
    void serve(SameDiff sd) {
        InferenceSession session = new InferenceSession(sd);
        session.setMmgr(this);
        sd.getSessions().put(Thread.currentThread().getId(), session);
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        long n = ArrayUtil.prodLong(shape);
        ArrayDeque<DataBuffer> q = n > 0 ? free.get(key(dataType, n)) : null;
        if (q != null && !q.isEmpty()) {
            DataBuffer b = q.pop();
            pooled.remove(b);
            return Nd4j.create(b, shape);
        }
        return Nd4j.createUninitializedDetached(dataType, shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor);
        }
        // row-major whatever order the descriptor names (see the class comment)
        return allocate(detached, descriptor.dataType(), descriptor.getShape());
    }

    @Override
    public void release(INDArray a) {
        if (a == null || a.isEmpty() || a.wasClosed() || !a.closeable()) {
            return;
        }
        DataBuffer b = a.data();
        // only whole, unshared buffers: a view's or a shared buffer's owner may still read it
        if (a.offset() != 0 || b.length() != a.length() || Nd4j.getExecutioner().useCount(b) > 1 || !pooled.add(b)) {
            return;
        }
        free.computeIfAbsent(key(a.dataType(), b.length()), k -> new ArrayDeque<>()).push(b);
    }

    /**
     * A row-major array holding {@code t}'s values, from the pool: a pass's inputs must come from here,
     * since {@link #release} takes them back afterwards, and a buffer released without having been
     * taken would grow the pool by one input per pass (an input's size is rarely an intermediate's).
     */
    INDArray filled(Tensor t) {
        INDArray a = allocate(false, DataType.FLOAT, t.shape());
        a.data().setData(t.data());
        return a;
    }

    /** A zero-filled row-major float array from the pool (see {@link #filled}). */
    INDArray zeros(long... shape) {
        return allocate(false, DataType.FLOAT, shape).assign(0);
    }

    /** Bytes held in free buffers, for tests that the pool stops growing once the passes repeat. */
    long pooledBytes() {
        long n = 0;
        for (ArrayDeque<DataBuffer> q : free.values()) {
            for (DataBuffer b : q) {
                n += b.length() * b.getElementSize();
            }
        }
        return n;
    }

    /** Frees every pooled buffer. */
    @Override
    public void close() {
        for (ArrayDeque<DataBuffer> q : free.values()) {
            for (DataBuffer b : q) {
                if (!b.wasClosed() && b.closeable()) {
                    b.close();
                }
            }
        }
        free.clear();
        pooled.clear();
    }

    private static String key(DataType t, long elements) {
        return t + ":" + elements;
    }
}
