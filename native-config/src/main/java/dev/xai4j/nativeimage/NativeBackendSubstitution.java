package dev.xai4j.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import dev.xai4j.model.NativeBackend;

/**
 * On the JVM, {@link NativeBackend} picks the ND4J build for the CPU it runs on among the builds on
 * the class path. A native image holds the libraries of exactly one build, chosen when it was linked
 * ({@link ImageBackend}), so the choice is that one whatever the CPU says; an explicit
 * {@code -Dorg.bytedeco.javacpp.platform.extension=} on the command line still wins, as on the JVM.
 */
@TargetClass(NativeBackend.class)
final class NativeBackendSubstitution {

    private NativeBackendSubstitution() {
    }

    @Substitute
    static String extensionFor(String flags, String arch) {
        return ImageBackend.EXTENSION;
    }
}
