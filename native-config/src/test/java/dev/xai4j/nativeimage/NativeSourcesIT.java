package dev.xai4j.nativeimage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xai4j.nativeimage.NativeSources.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the server's native-image hand-off the way a user does ({@code -Dnative
 * -Dquarkus.native.sources-only=true}) and checks what a GraalVM/Mandrel build of it needs and no
 * JVM test would notice missing: run-time initialisation, exactly one ND4J build, its native
 * libraries and property files as resources, reflection and JNI registrations that name real classes
 * and cover what ND4J and the command line reach reflectively, service registrations, substitutions
 * that match their targets. Linking itself needs GraalVM, which the build machines do not have.
 *
 * <p>The reflection and JNI files of this module are derived from the image class path:
 * {@code -Dxai4j.native.regenerate=true} rewrites them (then review the diff); without it, a missing
 * registration fails {@link #reflectionCoversWhatIsInstantiatedByName} or {@link #jniCoversEveryNativeMethod}. The
 * command line's classes are registered by {@link CommandLineReflection} from the code itself.
 * {@code -Dxai4j.native.sources=DIR} checks an existing hand-off instead of building one.
 */
class NativeSourcesIT {

    /** The classifier the server's native profile builds by default. */
    static final String CLASSIFIER = "linux-x86_64-onednn-avx2";
    static final String PLATFORM = "linux-x86_64";
    static final String OURS = "META-INF/native-image/dev.xai4j/xai4j-native-config/";

    static NativeSources image;
    static Path module;

    @BeforeAll
    static void buildTheHandOff() throws Exception {
        module = Path.of(System.getProperty("xai4j.root", "..")).resolve("native-config");
        String given = System.getProperty("xai4j.native.sources", "");
        if (!given.isEmpty()) {
            image = NativeSources.open(Path.of(given));
        } else {
            image = build();
        }
        if (Boolean.getBoolean("xai4j.native.regenerate")) {
            regenerate();
        }
    }

    private static NativeSources build() throws Exception {
        Path work = Path.of(System.getProperty("xai4j.work", "target/native-check"));
        Path log = Files.createDirectories(work.getParent()).resolve("native-check.log");
        long t0 = System.nanoTime();
        NativeSources built = NativeSources.build(Path.of(System.getProperty("xai4j.root", "..")).toAbsolutePath(),
                System.getProperty("xai4j.version"), work.toAbsolutePath(),
                Path.of(System.getProperty("xai4j.local-repository", System.getProperty("user.home") + "/.m2/repository")),
                Boolean.parseBoolean(System.getProperty("xai4j.offline", "false")), log.toAbsolutePath());
        System.out.printf("native sources built in %.0f s: %s%n", (System.nanoTime() - t0) / 1e9, built.dir);
        return built;
    }

    @AfterAll
    static void close() throws IOException {
        if (image != null) {
            image.close();
        }
    }

    // ---- arguments --------------------------------------------------------------------------------

    @Test
    void nd4jJavaCppAndTheSdkInitialiseAtRunTime() {
        List<String> runTime = image.listArg("--initialize-at-run-time");
        for (String p : List.of("org.bytedeco", "org.nd4j", "dev.xai4j.model", "dev.xai4j.image", "dev.xai4j.explain",
                "dev.xai4j.render", "dev.xai4j.eval", "dev.xai4j.data", "dev.xai4j.train", "dev.xai4j.anatomy")) {
            assertTrue(runTime.contains(p), p + " missing from --initialize-at-run-time: " + runTime);
        }
        assertEquals(List.of(ImageBackend.class.getName()), image.listArg("--initialize-at-build-time"));
        assertTrue(image.args.contains("-D" + ImageBackend.CLASSIFIER_PROPERTY + "=" + CLASSIFIER), image.args.toString());
        assertEquals("-onednn-avx2", ImageBackend.extensionOf(CLASSIFIER));
        assertEquals("", ImageBackend.extensionOf("linux-arm64"));
    }

    @Test
    void servicesAreRegisteredAndTheirProvidersExist() throws Exception {
        // GraalVM's ServiceLoader feature registers every META-INF/services entry of the class path
        assertTrue(image.args.contains("-H:+UseServiceLoaderFeature"), "auto-service-loader-registration is off");
        Map<String, List<String>> services = nd4jServices();
        assertTrue(services.getOrDefault("org.nd4j.linalg.factory.Nd4jBackend", List.of())
                .contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend"), services.toString());
        Set<String> registered = registeredClasses(ours("reflect-config.json"));
        List<String> patterns = resourcePatterns();
        for (Map.Entry<String, List<String>> s : services.entrySet()) {
            assertTrue(covered("META-INF/services/" + s.getKey(), patterns), "service file not a resource: " + s.getKey());
            for (String provider : s.getValue()) {
                image.loader.loadClass(provider); // exists
                assertTrue(registered.contains(provider), provider + " (" + s.getKey() + ") not registered for reflection");
            }
        }
    }

    // ---- native libraries and resources ----------------------------------------------------------------

    @Test
    void exactlyOneNd4jBuildIsOnTheImageClassPath() {
        List<String> builds = image.jars("org.nd4j.nd4j-native-").stream()
                .filter(p -> NativeSources.entries(p, "org/nd4j/linalg/cpu/nativecpu/bindings/").stream().anyMatch(n -> n.endsWith(".so")))
                .map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("org.nd4j.nd4j-native-1.0.0-M2.1-" + CLASSIFIER + ".jar"), builds);
        assertEquals(1, image.jars("joda-time.joda-time-").size(), "joda-time must be on the class path for analysis");
    }

    @Test
    void resourcesCoverTheNativeLibrariesAndPropertyFiles() {
        List<String> needed = new ArrayList<>();
        needed.addAll(soFiles("org.nd4j.nd4j-native-1.0.0-M2.1-" + CLASSIFIER + ".jar"));
        needed.addAll(soFiles("org.bytedeco.openblas-0.3.19-1.5.7-" + PLATFORM + ".jar"));
        needed.addAll(soFiles("org.bytedeco.javacpp-1.5.7-" + PLATFORM + ".jar"));
        assertTrue(needed.stream().anyMatch(n -> n.endsWith("/libnd4jcpu.so")), needed.toString());
        assertTrue(needed.stream().anyMatch(n -> n.endsWith("/libopenblas.so.0")), needed.toString());
        assertTrue(needed.stream().anyMatch(n -> n.endsWith("/libgfortran.so.5")), needed.toString());
        needed.add("nd4j-native.properties");
        needed.add("org/bytedeco/javacpp/properties/" + PLATFORM + ".properties");
        needed.add("xai4j/models/index.txt");
        List<String> patterns = resourcePatterns();
        List<String> missing = needed.stream().filter(n -> !covered(n, patterns)).toList();
        assertTrue(missing.isEmpty(), "not included as resources: " + missing + "\npatterns: " + patterns);
    }

    // ---- reflection and JNI -------------------------------------------------------------------------

    @Test
    void everyClassNamedInTheReflectionAndJniConfigsExists() {
        List<Config> configs = new ArrayList<>();
        for (String kind : List.of("reflect-config.json", "jni-config.json")) {
            configs.addAll(ours(kind));
            for (Path jar : image.classPath) {
                String n = jar.getFileName().toString();
                if (n.startsWith("org.nd4j.") || n.startsWith("org.bytedeco.")) {
                    configs.addAll(NativeSources.configs(jar, kind));
                }
            }
        }
        assertTrue(configs.size() > 6, configs.stream().map(Config::where).toList().toString());
        List<String> missing = new ArrayList<>();
        for (Config c : configs) {
            c.classNames().stream().filter(n -> !exists(n)).forEach(n -> missing.add(n + " (" + c.where() + ")"));
        }
        // Quarkus's generated configuration also names JDK-version and optional classes, which GraalVM
        // skips; of it, the project's and ND4J's entries must exist
        for (String kind : List.of("reflect-config.json", "jni-config.json")) {
            for (Config c : NativeSources.configs(image.classPath.get(0), kind)) {
                c.classNames().stream().filter(n -> n.startsWith("dev.xai4j.") || n.startsWith("org.nd4j.") || n.startsWith("org.bytedeco."))
                        .filter(n -> !exists(n)).forEach(n -> missing.add(n + " (" + c.where() + ")"));
            }
        }
        assertTrue(missing.isEmpty(), "classes named in configs but not on the image class path: " + missing);
    }

    @Test
    void reflectionCoversWhatIsInstantiatedByName() throws Exception {
        Set<String> registered = registeredClasses(ours("reflect-config.json"));
        List<String> missing = requiredReflection().keySet().stream().filter(n -> !registered.contains(n)).toList();
        assertTrue(missing.isEmpty(), missing.size() + " classes need reflection registration (rerun with "
                + "-Dxai4j.native.regenerate=true): " + missing.subList(0, Math.min(40, missing.size())));
    }

    @Test
    void theCommandLineIsRegisteredByItsFeature() throws Exception {
        List<String> args = new ArrayList<>();
        for (Path jar : image.jars("dev.xai4j.xai4j-native-config-")) {
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile());
                 InputStream in = j.getInputStream(j.getEntry(OURS + "native-image.properties"))) {
                Properties p = new Properties();
                p.load(in);
                args.addAll(List.of(p.getProperty("Args", "").trim().split("\\s+")));
            }
        }
        assertTrue(args.contains("--features=" + CommandLineReflection.class.getName()), args.toString());
        Set<String> found = new TreeSet<>();
        CommandLineClasses.of(image.classPath, n -> {
            try {
                return Class.forName(n, false, image.loader);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }).forEach(c -> found.add(c.getName()));
        for (String c : List.of("dev.xai4j.server.cli.XaiCommand", "dev.xai4j.server.cli.ExplainCommand",
                "dev.xai4j.server.cli.ExplainReport", "dev.xai4j.server.cli.ExplainReport$Timings",
                "dev.xai4j.server.api.dto.ExplanationResult", "dev.xai4j.server.api.dto.HeatmapData", CommandLineClasses.HELP_MIXIN)) {
            assertTrue(found.contains(c), c + " not found by CommandLineClasses: " + found);
        }
    }

    @Test
    void jniCoversEveryNativeMethod() throws Exception {
        Set<String> registered = new TreeSet<>(registeredClasses(ours("jni-config.json")));
        for (Path jar : image.classPath) {
            NativeSources.configs(jar, "jni-config.json").forEach(c -> registered.addAll(c.classNames()));
        }
        List<String> missing = classesWithNativeMethods().stream().filter(n -> !registered.contains(n)).toList();
        assertTrue(missing.isEmpty(), "classes with native methods not in any jni-config.json (rerun with "
                + "-Dxai4j.native.regenerate=true): " + missing);
    }

    // ---- substitutions --------------------------------------------------------------------------------

    @Test
    void substitutionsMatchTheirTargets() throws Exception {
        for (Class<?> s : List.of(YamlGeneratorSubstitution.class, NativeBackendSubstitution.class)) {
            String target = s.getAnnotation(com.oracle.svm.core.annotate.TargetClass.class).value().getName();
            Class<?> t = image.loader.loadClass(target);
            for (Method m : s.getDeclaredMethods()) {
                if (m.isAnnotationPresent(com.oracle.svm.core.annotate.Substitute.class)) {
                    Class<?>[] params = Arrays.stream(m.getParameterTypes()).map(this::inImage).toArray(Class<?>[]::new);
                    Method original = t.getDeclaredMethod(m.getName(), params);
                    assertEquals(Modifier.isStatic(original.getModifiers()), Modifier.isStatic(m.getModifiers()), m.toString());
                    assertEquals(original.getReturnType().getName(), m.getReturnType().getName(), m.toString());
                }
            }
            for (Field f : s.getDeclaredFields()) {
                if (f.isAnnotationPresent(com.oracle.svm.core.annotate.Alias.class)) {
                    assertEquals(f.getType().getName(), t.getDeclaredField(f.getName()).getType().getName(), f.toString());
                }
            }
        }
        // why the YAML substitution exists: the shaded snakeyaml still lacks the method the generator calls
        Class<?> options = image.loader.loadClass("org.nd4j.shade.yaml.snakeyaml.DumperOptions");
        assertTrue(Arrays.stream(options.getMethods()).noneMatch(m -> m.getName().equals("setIndentWithIndicator")),
                "the shaded snakeyaml now has setIndentWithIndicator: YamlGeneratorSubstitution can go");
    }

    // ---- what must be registered, derived from the image class path ---------------------------------

    /** Class → what reflection it needs ("all" or "constructors"). */
    Map<String, String> requiredReflection() throws Exception {
        return requiredReflectionOf(image);
    }

    static Map<String, String> requiredReflectionOf(NativeSources image) throws Exception {
        Map<String, String> out = new TreeMap<>();
        ClassLoader cl = image.loader;
        // ImportClassMapping's initialiser starts ND4J: load the one build the image holds
        System.setProperty("org.bytedeco.javacpp.platform.extension", ImageBackend.extensionOf(CLASSIFIER));
        // SameDiff's DifferentialFunctionClassHolder creates every op with its no-argument constructor and
        // maps op properties onto declared fields, up the class hierarchy
        List<Class<?>> ops = opClasses(cl);
        for (Class<?> op : ops) {
            for (Class<?> c = op; c != null && c.getName().startsWith("org.nd4j."); c = c.getSuperclass()) {
                out.put(c.getName(), "all");
            }
        }
        // Nd4j.initWithBackend instantiates the backend's classes named in its properties file
        Properties props = new Properties();
        try (InputStream in = cl.getResourceAsStream("nd4j-native.properties")) {
            props.load(in);
        }
        for (String v : props.stringPropertyNames().stream().map(props::getProperty).toList()) {
            if (v.trim().matches("[a-z][\\w.]*\\.[A-Z]\\w*") && existsIn(cl, v.trim())) {
                out.putIfAbsent(v.trim(), "constructors");
            }
        }
        for (List<String> providers : nd4jServicesOf(image).values()) {
            providers.forEach(p -> out.putIfAbsent(p, "constructors"));
        }
        return out;
    }

    /** The op classes SameDiff knows; ND4J finds its backend through the context class loader. */
    @SuppressWarnings("unchecked")
    private static List<Class<?>> opClasses(ClassLoader cl) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(cl);
        try {
            return (List<Class<?>>) cl.loadClass("org.nd4j.imports.converters.ImportClassMapping").getMethod("getOpClasses").invoke(null);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** Classes of the ND4J and JavaCPP jars that declare native methods. */
    Set<String> classesWithNativeMethods() {
        return classesWithNativeMethodsOf(image);
    }

    static Set<String> classesWithNativeMethodsOf(NativeSources image) {
        Set<String> out = new TreeSet<>();
        for (Path jar : image.classPath) {
            String n = jar.getFileName().toString();
            if (!(n.startsWith("org.nd4j.nd4j-native") || n.startsWith("org.bytedeco."))) {
                continue;
            }
            for (String name : classesIn(jar, "")) {
                try {
                    Class<?> c = Class.forName(name, false, image.loader);
                    if (Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> Modifier.isNative(m.getModifiers()))) {
                        out.add(name);
                    }
                } catch (ReflectiveOperationException | LinkageError e) {
                    // a class referring to optional classes absent from the image: analysis never reaches it
                }
            }
        }
        return out;
    }

    // ---- regeneration ------------------------------------------------------------------------------------

    /** Rewrites this module's reflect-config.json and jni-config.json from the image class path. */
    static void regenerate() throws Exception {
        ArrayNode reflect = NativeSources.JSON.createArrayNode();
        for (Map.Entry<String, String> e : requiredReflectionOf(image).entrySet()) {
            ObjectNode o = reflect.addObject().put("name", e.getKey()).put("allDeclaredConstructors", true);
            if (e.getValue().equals("all")) {
                o.put("allDeclaredFields", true).put("allDeclaredMethods", true);
            }
        }
        Set<String> shipped = new TreeSet<>();
        for (Path jar : image.classPath) {
            if (!jar.getFileName().toString().startsWith("dev.xai4j.xai4j-native-config")) {
                NativeSources.configs(jar, "jni-config.json").forEach(c -> shipped.addAll(c.classNames()));
            }
        }
        ArrayNode jni = NativeSources.JSON.createArrayNode();
        for (String n : classesWithNativeMethodsOf(image)) {
            if (!shipped.contains(n)) {
                jni.addObject().put("name", n).put("allDeclaredMethods", true).put("allDeclaredFields", true);
            }
        }
        Path dir = module.resolve("src/main/resources/" + OURS);
        NativeSources.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("reflect-config.json").toFile(), reflect);
        NativeSources.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("jni-config.json").toFile(), jni);
        System.out.println("rewrote " + dir + ": rebuild this module and check again");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** This module's configuration of one kind, as the image sees it (from its jar in lib/). */
    List<Config> ours(String kind) {
        List<Path> jar = image.jars("dev.xai4j.xai4j-native-config-");
        assertEquals(1, jar.size(), "xai4j-native-config is not on the image class path");
        return NativeSources.configs(jar.get(0), kind).stream().filter(c -> c.where().contains(OURS)).toList();
    }

    static Set<String> registeredClasses(List<Config> configs) {
        Set<String> out = new TreeSet<>();
        configs.forEach(c -> out.addAll(c.classNames()));
        return out;
    }

    /** The resource patterns this module and Quarkus's generated configuration give. */
    List<String> resourcePatterns() {
        List<String> out = new ArrayList<>();
        ours("resource-config.json").forEach(c -> out.addAll(c.resourcePatterns()));
        NativeSources.configs(image.classPath.get(0), "resource-config.json").forEach(c -> out.addAll(c.resourcePatterns()));
        return out;
    }

    static boolean covered(String resource, List<String> patterns) {
        return patterns.stream().anyMatch(p -> Pattern.compile(p).matcher(resource).matches());
    }

    List<String> soFiles(String jar) {
        List<Path> j = image.jars(jar);
        assertEquals(1, j.size(), jar + " is not on the image class path");
        return NativeSources.entries(j.get(0), "").stream().filter(n -> n.matches(".*\\.so(\\.\\d+)*")).toList();
    }

    Map<String, List<String>> nd4jServices() throws IOException {
        return nd4jServicesOf(image);
    }

    /** Service interface → providers, of every {@code META-INF/services/org.nd4j.*} file on the image class path. */
    static Map<String, List<String>> nd4jServicesOf(NativeSources image) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (Path jar : image.classPath) {
            for (String e : NativeSources.entries(jar, "META-INF/services/org.nd4j.")) {
                try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile());
                     InputStream in = j.getInputStream(j.getEntry(e))) {
                    List<String> providers = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
                    out.computeIfAbsent(e.substring("META-INF/services/".length()), k -> new ArrayList<>()).addAll(providers);
                }
            }
        }
        return out;
    }

    static List<String> classesIn(Path jar, String prefix) {
        return NativeSources.entries(jar, prefix).stream()
                .filter(n -> n.endsWith(".class") && !n.equals("module-info.class") && !n.startsWith("META-INF/"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
    }

    boolean exists(String name) {
        return existsIn(image.loader, name);
    }

    static boolean existsIn(ClassLoader cl, String name) {
        try {
            Class.forName(name, false, cl);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Class<?> inImage(Class<?> c) {
        if (c.isPrimitive()) {
            return c;
        }
        try {
            return Class.forName(c.getName(), false, image.loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(c.getName() + " is not on the image class path", e);
        }
    }
}
