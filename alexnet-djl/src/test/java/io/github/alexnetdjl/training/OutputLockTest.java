package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One training run at a time in an output directory, enforced by an operating-system lock. */
class OutputLockTest {

    @TempDir Path temp;

    @Test
    void aSecondRunIsRefusedWhileAnotherProcessHoldsTheDirectoryAndMayStartOnceItIsKilled() throws Exception {
        DecodedImages[] data = TrainingRun.decode(TrainingRun.tinyData(temp.resolve("data")));
        Path out = temp.resolve("out");
        Path locked = temp.resolve("locked");
        Process holder = ChildJvm.start(temp, List.of(), HoldOutputLock.class, out.toString(), locked.toString());
        try {
            for (int i = 0; i < 1200 && !Files.exists(locked); i++) {
                assertTrue(holder.isAlive(), "the lock holder died; see child-*.log in " + temp);
                Thread.sleep(100);
            }
            assertTrue(Files.exists(locked), "the lock holder did not start");

            IOException early = assertThrows(IOException.class, () -> ClassifierTrainer.checkOutput(out, false));
            assertEquals(out + " is in use by another training run", early.getMessage());
            IOException refused = assertThrows(IOException.class,
                    () -> TrainingRun.trainer(data, out, TrainingRun.tinyOptions(1), false)
                            .build().fit());
            assertEquals(out + " is in use by another training run", refused.getMessage());
            assertFalse(Files.exists(out.resolve(ClassifierTrainer.CHECKPOINTS)), "the refused run wrote nothing");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertTrue(Files.exists(out.resolve(OutputLock.FILE)), "the lock file stays");
        ClassifierTrainer.checkOutput(out, false);
        List<EpochMetrics> history = TrainingRun.trainer(data, out, TrainingRun.tinyOptions(1),
                false).build().fit();
        assertEquals(1, history.size());
    }

    @Test
    void withinOneJvmTheSecondLockIsRefusedAndTheFirstKept() throws Exception {
        Path out = Files.createDirectories(temp.resolve("same-jvm"));
        try (OutputLock first = OutputLock.acquire(out)) {
            IOException again = assertThrows(IOException.class, () -> OutputLock.acquire(out));
            assertEquals(out + " is in use by another training run", again.getMessage());
            assertThrows(IOException.class, () -> OutputLock.checkFree(out));
            assertThrows(IOException.class, () -> OutputLock.acquire(temp.resolve("same-jvm/../same-jvm")));
        }
        OutputLock.acquire(out).close();
    }
}
