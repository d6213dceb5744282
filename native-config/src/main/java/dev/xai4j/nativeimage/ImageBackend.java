package dev.xai4j.nativeimage;

/**
 * The ND4J build linked into a native image, fixed at image build time: the native-image argument
 * {@code -Dxai4j.native.classifier=<classifier of org.nd4j:nd4j-native>} (the server's {@code native}
 * profile passes it), read while this class is initialised in the image builder
 * ({@code --initialize-at-build-time=dev.xai4j.nativeimage.ImageBackend}).
 */
public final class ImageBackend {

    /** The native-image build-time property naming the nd4j-native classifier, e.g. {@code linux-x86_64-onednn-avx2}. */
    public static final String CLASSIFIER_PROPERTY = "xai4j.native.classifier";

    /** The classifier the image was built with ("" when the builder was not told). */
    public static final String CLASSIFIER = System.getProperty(CLASSIFIER_PROPERTY, "");

    /** JavaCPP's platform extension of that classifier: what follows {@code <os>-<arch>}, e.g. {@code -onednn-avx2}. */
    public static final String EXTENSION = extensionOf(CLASSIFIER);

    private ImageBackend() {
    }

    /** {@code linux-x86_64-onednn-avx2} → {@code -onednn-avx2}; {@code linux-arm64} → "". */
    public static String extensionOf(String classifier) {
        int os = classifier.indexOf('-');
        int arch = os < 0 ? -1 : classifier.indexOf('-', os + 1);
        return arch < 0 ? "" : classifier.substring(arch);
    }
}
