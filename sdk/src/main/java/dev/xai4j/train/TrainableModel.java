package dev.xai4j.train;

import dev.xai4j.image.Preprocessing;
import dev.xai4j.model.CheckpointException;
import dev.xai4j.model.CheckpointWriter;
import dev.xai4j.model.NativeBackend;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TrainingGraph;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;
import dev.xai4j.model.Weights;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ViT or ResNet built by the same graph builders as loaded checkpoints, with its parameters as
 * trainable variables, trained with Adam (decoupled weight decay) on softmax cross-entropy, and saved in the public
 * layouts (Hugging Face ViT, torchvision ResNet) that {@link VisionModel#load} reads back.
 *
 * <p>Batch norm trains on batch statistics; its running statistics are estimated after training
 * from the batch statistics of held-out batches ({@link #calibrateBatchNorm}), which is what the
 * running averages of a long training approximate.
 */
public final class TrainableModel {

    static {
        NativeBackend.init();
    }

    private final ViTConfig vit;
    private final ResNetConfig resnet;
    private final TrainingGraph graph;
    private final boolean denseLabels;
    private final Map<String, float[]> runningMean = new HashMap<>();
    private final Map<String, float[]> runningVar = new HashMap<>();

    private TrainableModel(ViTConfig vit, ResNetConfig resnet, Weights init, ISchedule learningRate, double weightDecay,
                           LossWeights losses) {
        this.vit = vit;
        this.resnet = resnet;
        this.denseLabels = losses.denseLabels() > 0;
        this.graph = vit != null ? TrainingGraph.vit(vit, init) : TrainingGraph.resnet(resnet, init);
        TrainingLoss.build(graph, vit != null ? vit.numClasses() : resnet.numClasses(), losses);
        graph.sd().setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(learningRate))
                .weightDecay(weightDecay, true)
                .dataSetFeatureMapping(graph.input().name())
                .dataSetLabelMapping(denseLabels ? List.of(TrainingLoss.LABELS, TrainingLoss.DENSE_LABELS)
                        : List.of(TrainingLoss.LABELS))
                .build());
    }

    /**
     * A ViT to train, initialised from {@code seed} with local attention (see {@link LocalAttentionInit}).
     *
     * @param losses weights of the auxiliary losses; with dense labels (see {@link #denseGrid}), each
     *               step needs per-position targets
     */
    public static TrainableModel vit(ViTConfig config, long seed, ISchedule learningRate, double weightDecay,
                                     LossWeights losses) {
        return new TrainableModel(config, null, new LocalAttentionInit(config, seed), learningRate, weightDecay,
                losses);
    }

    /** A ResNet to train, initialised from {@code seed}; {@code losses} as for {@link #vit} (dense labels only: the others need a ViT). */
    public static TrainableModel resnet(ResNetConfig config, long seed, ISchedule learningRate, double weightDecay,
                                        LossWeights losses) {
        return new TrainableModel(null, config, Weights.random(seed), learningRate, weightDecay, losses);
    }

    /**
     * A model to train further, starting from a checkpoint that {@link VisionModel#load} reads (batch
     * norm trains on batch statistics again; its running statistics are re-estimated by
     * {@link #calibrateBatchNorm}).
     *
     * @param losses as for {@link #vit}
     * @throws CheckpointException if the checkpoint cannot be read
     */
    public static TrainableModel resume(Path checkpoint, ISchedule learningRate, double weightDecay,
                                        LossWeights losses) {
        return resume(checkpoint, learningRate, weightDecay, losses, Growth.NONE, 0);
    }

    /**
     * As {@link #resume(Path, ISchedule, double, LossWeights)}, with a ViT first grown (wider, then
     * deeper) without changing what it computes, so that training goes on with more capacity from where
     * the smaller model stood ({@link Growth}).
     *
     * @param growth how to grow the model ({@link Growth#NONE}: as saved)
     * @param seed   seed of the random shares that let widened channels' copies grow apart
     * @throws IllegalArgumentException if {@code growth} grows a ResNet
     */
    public static TrainableModel resume(Path checkpoint, ISchedule learningRate, double weightDecay,
                                        LossWeights losses, Growth growth, long seed) {
        try (TrainingGraph.Saved saved = TrainingGraph.read(checkpoint)) {
            if (!growth.grows()) {
                return new TrainableModel(saved.vit(), saved.resnet(), saved.weights(), learningRate, weightDecay, losses);
            }
            if (saved.vit() == null) {
                throw new IllegalArgumentException("only a ViT can be grown; " + checkpoint + " holds a ResNet");
            }
            Weights grown = saved.weights();
            if (growth.widthFactor() > 1) {
                grown = new WiderViT(grown, saved.vit(), growth.widthFactor(), seed);
            }
            if (growth.addedBlocks() > 0) {
                grown = new DeeperViT(grown, saved.vit().depth(), growth.addedBlocks());
            }
            return new TrainableModel(growth.apply(saved.vit()), null, grown, learningRate, weightDecay, losses);
        }
    }

    /** The training graph (for tests of its gradients). */
    TrainingGraph graph() {
        return graph;
    }

    /** Whether each step needs per-position targets (dense labels). */
    public boolean denseLabels() {
        return denseLabels;
    }

    /**
     * The side of the final feature grid that dense labels address: a ViT's patch grid (14 for
     * 224/16), a ResNet's last feature map (the stem divides by 4, every later stage by 2: 7 for
     * 224 and four stages).
     */
    public int denseGrid() {
        return graph.taps().grid();
    }

    /** The architecture being trained: its ViT configuration, or null for a ResNet. */
    public ViTConfig vitConfig() {
        return vit;
    }

    /** The architecture being trained: its ResNet configuration, or null for a ViT. */
    public ResNetConfig resNetConfig() {
        return resnet;
    }

    /** The input size. */
    public int imageSize() {
        return vit != null ? vit.imageSize() : resnet.imageSize();
    }

    /** One optimiser step on a batch [B, 3, H, W] with class labels. */
    public void step(Tensor pixels, int[] labels) {
        step(pixels, oneHot(labels), null);
    }

    /**
     * One optimiser step on a batch [B, 3, H, W] with target distributions [B, C] (rows summing to 1),
     * e.g. ½ and ½ for a scene that shows two classes.
     *
     * @param denseTargets with dense labels: per position of the {@link #denseGrid} (batch, then
     *                     row-major), the share of its pixels showing each class, background last
     *                     [B·P, C + 1]; otherwise null
     */
    public void step(Tensor pixels, Tensor targets, Tensor denseTargets) {
        int classes = vit != null ? vit.numClasses() : resnet.numClasses();
        long b = pixels.shape()[0];
        if (targets.shape().length != 2 || targets.shape()[0] != b || targets.shape()[1] != classes) {
            throw new IllegalArgumentException("targets must be [" + b + ", " + classes + "], got "
                    + java.util.Arrays.toString(targets.shape()));
        }
        if (denseLabels != (denseTargets != null)) {
            throw new IllegalArgumentException(denseLabels ? "dense labels need per-position targets" : "no dense labels here");
        }
        long positions = b * denseGrid() * denseGrid();
        if (denseTargets != null && (denseTargets.shape().length != 2 || denseTargets.shape()[1] != classes + 1
                || denseTargets.shape()[0] != positions)) {
            throw new IllegalArgumentException("dense targets must be [" + positions + ", " + (classes + 1) + "], got "
                    + java.util.Arrays.toString(denseTargets.shape()));
        }
        step(pixels, array(targets), denseTargets == null ? null : array(denseTargets));
    }

    private void step(Tensor pixels, INDArray y, INDArray tokens) {
        INDArray x = array(pixels);
        graph.sd().fit(tokens == null ? new MultiDataSet(x, y)
                : new MultiDataSet(new INDArray[]{x}, new INDArray[]{y, tokens}));
        x.close();
        y.close();
        if (tokens != null) {
            tokens.close();
        }
    }

    /**
     * The mean cross-entropy of a batch under the current parameters (a forward pass; batch norm on
     * the batch's own statistics, as in training).
     */
    public double loss(Tensor pixels, int[] labels) {
        return loss(pixels, oneHot(labels));
    }

    /** The mean cross-entropy of a batch against target distributions [B, C] (a forward pass). */
    public double loss(Tensor pixels, Tensor targets) {
        return loss(pixels, array(targets));
    }

    private double loss(Tensor pixels, INDArray y) {
        INDArray x = array(pixels);
        double loss = graph.sd().output(Map.of(graph.input().name(), x, TrainingLoss.LABELS, y), TrainingLoss.CLASS_LOSS)
                .get(TrainingLoss.CLASS_LOSS).getDouble(0);
        x.close();
        y.close();
        return loss;
    }

    private INDArray oneHot(int[] labels) {
        int classes = vit != null ? vit.numClasses() : resnet.numClasses();
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1f);
        }
        return y;
    }

    /**
     * Sets the batch-norm running statistics to the mean of the batch means and of the batch variances
     * over the given batches (large batches make the biased variance's bias negligible).
     * Does nothing for a ViT.
     */
    public void calibrateBatchNorm(Iterable<Tensor> batches) {
        if (resnet == null) {
            return;
        }
        SameDiff sd = graph.sd();
        List<String> stats = graph.batchStatistics();
        Map<String, double[]> sums = new HashMap<>();
        int count = 0;
        for (Tensor batch : batches) {
            Map<String, INDArray> out = sd.output(Map.of(graph.input().name(), array(batch)), stats.toArray(new String[0]));
            for (String s : stats) {
                float[] v = out.get(s).dup('c').data().asFloat();
                double[] acc = sums.computeIfAbsent(s, k -> new double[v.length]);
                for (int i = 0; i < v.length; i++) {
                    acc[i] += v[i];
                }
            }
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("no batches to calibrate batch norm with");
        }
        for (String s : stats) {
            double[] acc = sums.get(s);
            float[] avg = new float[acc.length];
            for (int i = 0; i < acc.length; i++) {
                avg[i] = (float) (acc[i] / count);
            }
            String bn = s.substring(0, s.lastIndexOf('.'));
            if (s.endsWith(".batch_mean")) {
                runningMean.put(bn, avg);
            } else {
                runningVar.put(bn, avg);
            }
        }
    }

    /** The parameters in canonical naming and PyTorch layout (batch-norm running statistics included). */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : graph.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue());
            String name = e.getKey();
            if (name.endsWith(".bias") && runningMean.containsKey(name.substring(0, name.length() - 5))) {
                String bn = name.substring(0, name.length() - 5);
                long[] shape = e.getValue().shape().clone();
                out.put(bn + ".running_mean", new Tensor(runningMean.get(bn), shape));
                out.put(bn + ".running_var", new Tensor(runningVar.get(bn), shape));
            }
        }
        if (resnet != null && runningMean.isEmpty()) {
            throw new IllegalStateException("calibrate batch norm before reading a ResNet's parameters");
        }
        if (vit != null) {
            for (String head : List.of("head.weight", "head.bias", "head_dist.weight", "head_dist.bias")) {
                out.computeIfPresent(head, (k, t) -> centredOverClasses(t));
            }
        }
        return out;
    }

    /**
     * A classifier's weight [C, D] or bias [C] less its mean over the classes. The softmax is unchanged
     * (every logit of an image moves by the same amount), but each logit becomes the evidence for its
     * class against the average class: a feature that raises every class alike (e.g. "an object is here")
     * no longer shows in every class's gradient, which otherwise makes gradient-weighted maps of one
     * class light up the other object of a two-object scene. ViT only: on the default ResNet, whose dense
     * labels put the evidence all classes share on the object itself, it cost Grad-CAM most of its
     * pointing game (docs/default-models.md).
     */
    static Tensor centredOverClasses(Tensor t) {
        int classes = (int) t.shape()[0];
        int width = t.data().length / classes;
        float[] out = t.data().clone();
        for (int j = 0; j < width; j++) {
            double mean = 0;
            for (int c = 0; c < classes; c++) {
                mean += out[c * width + j];
            }
            mean /= classes;
            for (int c = 0; c < classes; c++) {
                out[c * width + j] -= (float) mean;
            }
        }
        return new Tensor(out, t.shape().clone());
    }

    /**
     * Saves the model as a checkpoint folder: Hugging Face {@code ViTForImageClassification} layout
     * for a ViT, torchvision layout with a timm-style {@code config.json} for a ResNet.
     */
    public void save(Path dir, List<String> labels, Preprocessing pre) {
        if (vit != null) {
            CheckpointWriter.write(dir, vit, parameters(), labels, pre);
        } else {
            CheckpointWriter.write(dir, resnet, parameters(), labels, pre);
        }
    }

    static INDArray array(Tensor t) {
        return Nd4j.create(t.data(), t.shape(), DataType.FLOAT);
    }
}
