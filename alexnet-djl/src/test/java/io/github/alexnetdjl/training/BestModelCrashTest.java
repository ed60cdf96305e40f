package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.store.CrashPoints;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed at any step of saving epoch 2 (its checkpoint, then its copy to {@code best/}, epoch 2 being
 * better than epoch 1) and then resumed has {@code best/} whole and holding epoch 2's model, and no leftovers.
 * The kill is a {@code Runtime.halt} in a child JVM at a named point of the replacement.
 */
@Tag("slow")
class BestModelCrashTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir static Path temp;
    static Path data;
    static DecodedImages[] decoded;
    static Path oneEpoch;

    @BeforeAll
    static void firstEpoch() throws Exception {
        data = TrainingRun.tinyData(temp.resolve("data"));
        decoded = TrainingRun.decode(data);
        oneEpoch = temp.resolve("one-epoch");
        TrainingRun.trainer(decoded, oneEpoch, TrainingRun.tinyOptions(1), false).build().fit();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "replace-start:epoch-0002", // checkpoint 2 complete under its temporary name
        "replace-done:epoch-0002", // checkpoint 2 in place, best/ still epoch 1
        "replace-start:best", // the copy of checkpoint 2 complete under its temporary name
        "replace-aside:best", // best/ of epoch 1 renamed aside, the copy not yet in place: no best/
        "replace-moved:best" // best/ of epoch 2 in place, epoch 1's aside not yet deleted
    })
    void aRunKilledWhileSavingTheBestEpochResumesWithThatEpochInBest(String point) throws Exception {
        Path out = temp.resolve(point.replace(':', '-'));
        ClassifierTrainerTest.copyTree(oneEpoch, out);
        ChildJvm.Result killed = ChildJvm.run(temp, LIMIT, List.of("-D" + CrashPoints.PROPERTY + "=" + point),
                TrainingRun.class, data.toString(), out.toString(), "2", "resume");
        assertEquals(CrashPoints.HALT_STATUS, killed.status(), killed.describe());

        TrainingRun.trainer(decoded, out, TrainingRun.tinyOptions(2), true).build().fit();

        Path best = out.resolve(ClassifierTrainer.BEST);
        Path checkpoint = out.resolve("checkpoints/epoch-0002");
        assertEquals(2, TrainingState.read(checkpoint.resolve(ClassifierTrainer.TRAINING_STATE)).bestEpoch,
                "epoch 2 is the best");
        assertEquals(2, TrainingState.read(best.resolve(ClassifierTrainer.TRAINING_STATE)).epoch);
        for (String file : List.of("alexnet-0000.params", "config.json", "classes.txt")) {
            assertArrayEquals(Files.readAllBytes(checkpoint.resolve(file)), Files.readAllBytes(best.resolve(file)), file);
        }
        ModelDirectory.load(best).close();
        for (Path dir : List.of(out, out.resolve("checkpoints"))) {
            try (Stream<Path> files = Files.list(dir)) {
                List<String> leftovers = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains(".tmp-") || n.contains(".old-")).toList();
                assertTrue(leftovers.isEmpty(), dir + ": " + leftovers);
            }
        }
    }
}
