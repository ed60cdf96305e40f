package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.DecodedImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning rate far too high makes the tiny network's loss NaN. That stops the run; the diverged epoch
 * neither counts as accurate nor replaces the best model.
 */
class TrainingDivergenceTest {

    @TempDir static Path temp;
    static DecodedImages[] data;

    @BeforeAll
    static void data() throws IOException {
        data = TrainingRun.decode(TrainingRun.tinyData(temp.resolve("data")));
    }

    @Test
    void divergingInTheFirstEpochSavesNothing() {
        Path out = temp.resolve("first");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> TrainingRun.trainer(data, out, TrainingRun.tinyOptions(4, 50f), false).build().fit());
        assertEquals(1, e.getEpoch());
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate 50.0") && e.getMessage().endsWith("Try a lower learning rate"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out.resolve(ClassifierTrainer.BEST)));
        assertFalse(Files.exists(out.resolve(ClassifierTrainer.CHECKPOINTS)));
        assertFalse(Files.exists(out.resolve(ClassifierTrainer.METRICS_CSV)));
    }

    @Test
    void divergingLaterLeavesTheEarlierBestModelUntouched() throws Exception {
        Path out = temp.resolve("later");
        Path bestParams = out.resolve(ClassifierTrainer.BEST).resolve("alexnet-0000.params");
        byte[][] lastSeen = new byte[1][];
        TrainingProgress snapshot = new TrainingProgress() {
            @Override
            public void onEpoch(EpochMetrics metrics, float learningRate, boolean best) {
                try {
                    lastSeen[0] = Files.readAllBytes(bestParams);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        // Learning rate 5 trains epoch 1 and makes the validation loss NaN in epoch 2.
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> TrainingRun.trainer(data, out, TrainingRun.tinyOptions(4, 5f), false).addListener(snapshot).build().fit());
        assertTrue(e.getEpoch() >= 2, "an epoch was saved before: " + e.getMessage());
        assertNotNull(lastSeen[0]);
        assertArrayEquals(lastSeen[0], Files.readAllBytes(bestParams), "best/ as it was after the last good epoch");
        assertEquals(e.getEpoch() - 1, ClassifierTrainer.epochOf(ClassifierTrainer.latestCheckpoint(out)));
        List<String> rows = Files.readAllLines(out.resolve(ClassifierTrainer.METRICS_CSV));
        assertEquals(e.getEpoch(), rows.size(), "header and the epochs before");
        for (String row : rows.subList(1, rows.size())) {
            assertFalse(row.contains("NaN"), row);
        }
    }
}
