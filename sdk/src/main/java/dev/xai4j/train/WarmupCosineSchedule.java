package dev.xai4j.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Learning rate with linear warm-up then cosine decay: lr(t) = base · t / warmup for t &lt; warmup, then
 * base · (floor + (1 − floor) · ½(1 + cos(π · (t − warmup) / (total − warmup)))).
 */
final class WarmupCosineSchedule implements ISchedule {

    private final double base;
    private final int warmup;
    private final int total;
    private final double floor;

    WarmupCosineSchedule(double base, int warmup, int total, double floor) {
        this.base = base;
        this.warmup = warmup;
        this.total = Math.max(total, warmup + 1);
        this.floor = floor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return base * (iteration + 1) / warmup;
        }
        double progress = Math.min(1.0, (double) (iteration - warmup) / (total - warmup));
        return base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(base, warmup, total, floor);
    }
}
