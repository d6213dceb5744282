package dev.xai4j;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The repository's {@code fixtures/} against the fixture drop beside the checkout
 * ({@code ../shared/fixtures}), where new fixture sets arrive: a file in both must be the same bytes,
 * and every file of the drop must have been copied in. Skipped where there is no drop (a plain
 * clone): the tests themselves only ever read the repository's copy.
 */
class SharedFixtureDropTest {

    static Path repository;
    static Path drop;

    @BeforeAll
    static void locate() {
        repository = Fixtures.inRepository();
        drop = repository.toAbsolutePath().getParent().resolveSibling("shared").resolve("fixtures");
        assumeTrue(Files.isDirectory(drop), "no fixture drop at " + drop);
    }

    @Test
    void filesInBothAreTheSameBytes() throws IOException {
        List<String> differing = new ArrayList<>();
        for (Path rel : files(drop)) {
            Path ours = repository.resolve(rel.toString());
            if (Files.isRegularFile(ours) && Files.mismatch(drop.resolve(rel), ours) != -1) {
                differing.add(rel.toString());
            }
        }
        assertTrue(differing.isEmpty(), differing.size() + " file(s) of " + repository + " differ from " + drop
                + " (fixtures are never edited here: copy the drop's version over): " + differing);
    }

    @Test
    void everyFileOfTheDropIsInTheRepository() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path rel : files(drop)) {
            if (!Files.isRegularFile(repository.resolve(rel.toString()))) {
                missing.add(rel.toString());
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " file(s) of " + drop + " are not in " + repository
                + ": copy them in (cp -r " + drop + "/. " + repository + "/) and commit them: " + missing);
    }

    /** The regular files under {@code dir}, relative to it, sorted. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }
}
