package dev.xai4j.train;

import dev.xai4j.model.Tensor;
import dev.xai4j.model.Weights;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trained ViT's weights with {@code n} identity blocks added (see {@link Growth} for why an added
 * block is the identity and what it starts from). Old block {@code i} keeps its weights under its new
 * index; the other names pass through.
 */
final class DeeperViT implements Weights {

    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");

    private final Weights shallow;
    /** For each new block: the old block it is, or (for an added one) the old block it copies. */
    private final int[] source;
    private final boolean[] added;

    /**
     * @param shallow the trained weights
     * @param depth   their number of blocks
     * @param n       blocks to add
     */
    DeeperViT(Weights shallow, int depth, int n) {
        if (depth < 1 || n < 0) {
            throw new IllegalArgumentException("cannot add " + n + " blocks to " + depth);
        }
        this.shallow = shallow;
        source = new int[depth + n];
        added = new boolean[depth + n];
        // added block t goes in gap(t) of the d − 1 between old blocks (gaps spread evenly; the last block
        // stays last) and copies the block before it; with one old block they all go before it and copy it
        int j = 0;
        int t = 0;
        for (int i = 0; i < depth; i++) {
            while (t < n && (depth == 1 ? 0 : 1 + (int) ((t + 0.5) * (depth - 1) / n)) == i) {
                source[j] = Math.max(i - 1, 0);
                added[j++] = true;
                t++;
            }
            source[j++] = i;
        }
    }

    @Override
    public boolean has(String name) {
        return shallow.has(map(name));
    }

    @Override
    public long[] shape(String name) {
        return shallow.shape(map(name));
    }

    @Override
    public Tensor get(String name, long... expectedShape) {
        Tensor t = shallow.get(map(name), expectedShape);
        Matcher m = BLOCK.matcher(name);
        if (m.matches() && added[Integer.parseInt(m.group(1))] && zeroed(m.group(2))) {
            return new Tensor(new float[t.data().length], t.shape());
        }
        return t;
    }

    /** The outputs of an added block's two residual branches. */
    private static boolean zeroed(String rest) {
        return rest.startsWith("attn.proj.") || rest.startsWith("mlp.fc2.");
    }

    private String map(String name) {
        Matcher m = BLOCK.matcher(name);
        if (!m.matches()) {
            return name;
        }
        int j = Integer.parseInt(m.group(1));
        return j < source.length ? "blocks." + source[j] + "." + m.group(2) : name;
    }
}
