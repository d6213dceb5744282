package dev.xai4j.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The image files of the command line's arguments: files as given, folders' images by extension. */
final class Inputs {

    /** Extensions picked up from folders; a file named on the command line is judged by content instead. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private Inputs() {
    }

    /**
     * The images to process, in argument order, folders' content sorted by name (not recursive).
     *
     * @throws CliException if an argument does not exist or a folder holds no image
     */
    static List<Path> images(List<Path> arguments) {
        List<Path> out = new ArrayList<>();
        for (Path a : arguments) {
            if (Files.isDirectory(a)) {
                List<Path> found;
                try (Stream<Path> s = Files.list(a)) {
                    found = s.filter(Files::isRegularFile).filter(Inputs::hasImageExtension).sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + a + ": " + e.getMessage(), e);
                }
                if (found.isEmpty()) {
                    throw new CliException("folder " + a + " holds no image (" + IMAGE_EXTENSIONS + ")");
                }
                out.addAll(found);
            } else if (Files.isRegularFile(a)) {
                out.add(a);
            } else {
                throw new CliException("no such file or folder: " + a);
            }
        }
        return out;
    }

    /** Whether the arguments name a folder (then a progress bar is drawn). */
    static boolean anyFolder(List<Path> arguments) {
        return arguments.stream().anyMatch(Files::isDirectory);
    }

    private static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
    }

    /** A file's name without its extension. */
    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
