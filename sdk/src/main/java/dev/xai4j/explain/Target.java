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

    /**
     * Parses {@code top}, {@code top-3}, a class index ({@code 281}) or a label ({@code tabby cat}).
     */
    static Target parse(String s) {
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
