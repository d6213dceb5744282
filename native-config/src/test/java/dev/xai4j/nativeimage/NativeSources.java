package dev.xai4j.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The server's native-image hand-off ({@code target/native-sources}) as a test sees it: the builder's
 * arguments, the image class path (the runner jar and {@code lib/}), and every configuration file
 * on it. {@link #build} produces it exactly as a user does, with the server's {@code native} profile,
 * in a scratch copy so that the checked-out server's {@code target/} is never touched.
 */
final class NativeSources implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final List<String> args;
    final List<Path> classPath;
    final URLClassLoader loader;

    private NativeSources(Path dir) throws IOException {
        this.dir = dir;
        this.args = List.of(Files.readString(dir.resolve("native-image.args"), StandardCharsets.UTF_8).trim().split("\\s+"));
        Path runner;
        try (Stream<Path> s = Files.list(dir)) {
            runner = s.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runner jar in " + dir));
        }
        List<Path> cp = new ArrayList<>();
        cp.add(runner);
        try (JarFile jar = new JarFile(runner.toFile())) {
            // the image class path is exactly the runner's manifest class path, as `native-image -jar` reads it
            for (String entry : jar.getManifest().getMainAttributes().getValue("Class-Path").trim().split("\\s+")) {
                cp.add(dir.resolve(entry));
            }
        }
        this.classPath = List.copyOf(cp);
        URL[] urls = new URL[cp.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = cp.get(i).toUri().toURL();
        }
        // the platform loader as parent: classes resolve against the image class path only, not this test's
        this.loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    /** Reads a hand-off that exists. */
    static NativeSources open(Path dir) throws IOException {
        return new NativeSources(dir);
    }

    /**
     * Runs {@code mvnw package -Dnative -Dquarkus.native.sources-only=true} on a copy of the server
     * module in {@code work}, resolving this build's own modules (parent, SDK, web UI, native-config)
     * from their freshly built jars through a throw-away local repository chained in front of the
     * user's ({@code maven.repo.local.tail}).
     */
    static NativeSources build(Path root, String version, Path work, Path userRepository, boolean offline, Path log)
            throws IOException, InterruptedException {
        deleteRecursively(work);
        Path repo = work.resolve("repo");
        install(repo, "xai4j-parent", version, root.resolve("pom.xml"), null);
        install(repo, "xai4j-sdk", version, root.resolve("sdk/pom.xml"), root.resolve("sdk/target/xai4j-sdk-" + version + ".jar"));
        // the server's tests read the fixtures through the SDK's test jar: resolved even though not compiled here
        installFile(repo, "xai4j-sdk", version, root.resolve("sdk/target/xai4j-sdk-" + version + "-tests.jar"), "-tests.jar");
        install(repo, "xai4j-web-ui", version, root.resolve("web-ui/pom.xml"), root.resolve("web-ui/target/xai4j-web-ui-" + version + ".jar"));
        install(repo, "xai4j-native-config", version, root.resolve("native-config/pom.xml"),
                root.resolve("native-config/target/xai4j-native-config-" + version + ".jar"));

        Path project = work.resolve("project");
        Files.createDirectories(project);
        Files.copy(root.resolve("pom.xml"), project.resolve("pom.xml"));
        Files.createDirectories(project.resolve("server"));
        Files.copy(root.resolve("server/pom.xml"), project.resolve("server/pom.xml"));
        copyRecursively(root.resolve("server/src/main"), project.resolve("server/src/main"));

        List<String> cmd = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-f",
                project.resolve("server/pom.xml").toString(), "package", "-Dnative", "-Dquarkus.native.sources-only=true",
                "-Dmaven.test.skip=true", "-Dquarkus.analytics.disabled=true",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + userRepository));
        if (offline) {
            cmd.add("-o");
        }
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the native-sources build took over 15 minutes; its log: " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("the native-sources build failed (exit " + p.exitValue() + "); log " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return open(project.resolve("server/target/native-sources"));
    }

    /** The value of {@code --name=value} arguments, split at commas, in order. */
    List<String> listArg(String name) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                out.addAll(Arrays.asList(a.substring(name.length() + 1).split(",")));
            }
        }
        return out;
    }

    /** The jar of the image class path whose file name starts with this prefix. */
    List<Path> jars(String prefix) {
        return classPath.stream().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }

    /** Every entry of a jar under this prefix. */
    static List<String> entries(Path jar, String prefix) {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix) && !n.endsWith("/")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration file of one kind ({@code reflect-config.json}, …) in one jar: path → parsed JSON. */
    static List<Config> configs(Path jar, String kind) {
        List<Config> out = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : j.stream().toList()) {
                if (e.getName().startsWith("META-INF/native-image/") && e.getName().endsWith("/" + kind)
                        || e.getName().equals("META-INF/native-image/" + kind)) {
                    out.add(new Config(jar.getFileName() + "!/" + e.getName(), JSON.readTree(j.getInputStream(e))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One configuration file. */
    record Config(String where, JsonNode json) {

        /** The class names of a reflection or JNI configuration. */
        List<String> classNames() {
            List<String> out = new ArrayList<>();
            json.forEach(e -> out.add(e.path("name").asText(e.path("type").asText())));
            return out;
        }

        /** The include patterns of a resource configuration (both the old and the new layout). */
        List<String> resourcePatterns() {
            List<String> out = new ArrayList<>();
            JsonNode r = json.path("resources");
            (r.isArray() ? r : r.path("includes")).forEach(e -> out.add(e.path("pattern").asText()));
            return out;
        }
    }

    private static void install(Path repo, String artifact, String version, Path pom, Path jar) throws IOException {
        Path dir = repo.resolve("dev/xai4j/" + artifact + "/" + version);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"));
        if (jar != null) {
            installFile(repo, artifact, version, jar, ".jar");
        }
    }

    /** Puts {@code file} in the repository as {@code artifact-version} plus {@code suffix} (".jar", "-tests.jar"). */
    private static void installFile(Path repo, String artifact, String version, Path file, String suffix) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: package the modules before this check");
        }
        Path dir = Files.createDirectories(repo.resolve("dev/xai4j/" + artifact + "/" + version));
        Files.copy(file, dir.resolve(artifact + "-" + version + suffix));
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
