package dev.xai4j.explain;

/** Which class an explanation is for. */
public sealed interface Target {

    /** The image's highest-scoring class (the default; found in the same forward pass). */
    record Top() implements Target {
    }

    /** A class by index. */
    record ClassIndex(int index) implements Target {
    }

    /** A class by label (matched exactly, then ignoring case). */
    record Label(String label) implements Target {
    }

    /** Each of the image's k highest-scoring classes. */
    record TopK(int k) implements Target {
        public TopK {
            if (k < 1) {
                throw new ParameterException("target", "top-k needs k ≥ 1, got " + k);
            }
        }
    }

    /**
     * A contrastive target: why {@code target} rather than {@code rather}. Gradient methods take the
     * gradient of y_target − y_rather (as FinerCAM and contrastive Grad-CAM do), perturbation methods
     * score y_target − y_rather, CAM weights the map by W[target] − W[rather]. Where a method is linear in
     * its score (the gradient, input × gradient, Grad-CAM's weights before the ReLU, CAM) the map is the
     * difference of the two classes' maps.
     *
     * @param target the class explained: the top class, an index or a label
     * @param rather the class it is contrasted with: an index or a label
     */
    record Contrast(Target target, Target rather) implements Target {
        public Contrast {
            if (!(target instanceof Top || target instanceof ClassIndex || target instanceof Label)) {
                throw new ParameterException("target", "a contrast explains the top class, a class index or a label, not "
                        + target);
            }
            if (!(rather instanceof ClassIndex || rather instanceof Label)) {
                throw new ParameterException("target", "a contrast is against a class index or a label, not " + rather);
            }
        }
    }

    static Target top() {
        return new Top();
    }

    static Target index(int index) {
        return new ClassIndex(index);
    }

    static Target label(String label) {
        return new Label(label);
    }

    static Target topK(int k) {
        return new TopK(k);
    }

    /** Why {@code target} rather than {@code rather}. */
    static Target contrast(Target target, Target rather) {
        return new Contrast(target, rather);
    }

    /**
     * Parses {@code top}, {@code top-3}, a class index ({@code 281}), a label ({@code tabby cat}), or a
     * contrast of one of the first three with an index or a label: {@code tabby cat vs tiger cat},
     * {@code top vs 282}.
     */
    static Target parse(String s) {
        String t = s.trim();
        java.util.regex.Matcher vs = java.util.regex.Pattern.compile("(?i)\\s+vs\\.?\\s+").matcher(t);
        int at = -1;
        int end = -1;
        while (vs.find()) {
            if (at >= 0) {
                throw new ParameterException("target", "'" + t + "' holds more than one 'vs': a contrast is 'A vs B'");
            }
            at = vs.start();
            end = vs.end();
        }
        if (at >= 0) {
            Target a = single(t.substring(0, at));
            Target b = single(t.substring(end));
            if (a instanceof TopK) {
                throw new ParameterException("target", "a contrast explains one class, not '" + t.substring(0, at).trim() + "'");
            }
            if (b instanceof Top || b instanceof TopK) {
                throw new ParameterException("target", "a contrast is against a class index or a label, not '"
                        + t.substring(end).trim() + "'");
            }
            return contrast(a, b);
        }
        return single(t);
    }

    private static Target single(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("top") || t.equalsIgnoreCase("top-1")) {
            return top();
        }
        if (t.toLowerCase(java.util.Locale.ROOT).matches("top-\\d+")) {
            return topK(Integer.parseInt(t.substring(4)));
        }
        if (t.matches("\\d+")) {
            return index(Integer.parseInt(t));
        }
        return label(t);
    }
}
