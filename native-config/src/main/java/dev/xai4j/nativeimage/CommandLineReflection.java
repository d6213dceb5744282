package dev.xai4j.nativeimage;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Registers the {@code xai} command line's reflective classes ({@link CommandLineClasses}) while the
 * image is analysed: constructors, fields and methods. Enabled by this jar's
 * {@code native-image.properties}; classes are looked up, never initialised.
 */
public final class CommandLineReflection implements Feature {

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (Class<?> c : CommandLineClasses.of(access.getApplicationClassPath(), access::findClassByName)) {
            RuntimeReflection.register(c);
            RuntimeReflection.register(c.getDeclaredConstructors());
            RuntimeReflection.register(c.getDeclaredFields());
            RuntimeReflection.register(c.getDeclaredMethods());
        }
    }
}
