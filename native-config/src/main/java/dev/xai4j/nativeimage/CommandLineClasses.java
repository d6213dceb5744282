package dev.xai4j.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes of the {@code xai} command line that are used reflectively: picocli sets the fields and
 * calls the methods its annotations mark, and Jackson writes the command line's report records
 * through their accessors (and the project's records and enums inside them). Derived from the
 * classes themselves, so a new command or report needs no configuration.
 */
public final class CommandLineClasses {

    /** Where the command line lives, as a class-file path prefix. */
    static final String PACKAGE = "dev/xai4j/server/cli/";

    /** picocli's own class that {@code mixinStandardHelpOptions} fills reflectively. */
    static final String HELP_MIXIN = "picocli.CommandLine$AutoHelpMixin";

    private CommandLineClasses() {
    }

    /**
     * The classes to register, found on a class path.
     *
     * @param load loads a class by name without initialising it
     */
    public static Set<Class<?>> of(List<Path> classPath, Function<String, Class<?>> load) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Path entry : classPath) {
            for (String name : classNames(entry)) {
                Class<?> c = load.apply(name);
                if (usesPicocli(c)) {
                    out.add(c);
                }
                if (c.isRecord()) {
                    addWithComponents(c, out);
                }
            }
        }
        Class<?> helpMixin = out.isEmpty() ? null : load.apply(HELP_MIXIN);
        if (helpMixin != null) {
            out.add(helpMixin);
        }
        return out;
    }

    private static void addWithComponents(Class<?> c, Set<Class<?>> out) {
        if (!c.getName().startsWith("dev.xai4j.") || !out.add(c) || !c.isRecord()) {
            return;
        }
        for (RecordComponent rc : c.getRecordComponents()) {
            typesIn(rc.getGenericType()).forEach(t -> addWithComponents(t, out));
        }
    }

    private static List<Class<?>> typesIn(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            out.addAll(typesIn(p.getRawType()));
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> out.addAll(typesIn(a)));
        }
        return out;
    }

    private static boolean usesPicocli(Class<?> c) {
        return picocli(c) || Arrays.stream(c.getDeclaredFields()).anyMatch(CommandLineClasses::picocli)
                || Arrays.stream(c.getDeclaredMethods()).anyMatch(CommandLineClasses::picocli);
    }

    private static boolean picocli(AnnotatedElement e) {
        for (Annotation a : e.getDeclaredAnnotations()) {
            if (a.annotationType().getName().startsWith("picocli.CommandLine$")) {
                return true;
            }
        }
        return false;
    }

    /** The command line's class names in a jar or class folder. */
    private static List<String> classNames(Path entry) {
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                Path dir = entry.resolve(PACKAGE);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        s.forEach(p -> files.add(PACKAGE + p.getFileName()));
                    }
                }
            } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(PACKAGE)).forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry, e);
        }
        return files.stream().filter(n -> n.endsWith(".class") && n.indexOf('/', PACKAGE.length()) < 0)
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
    }
}
