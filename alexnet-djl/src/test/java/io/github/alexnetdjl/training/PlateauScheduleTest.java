package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The plateau rule epoch by epoch: patience, the cap on reductions, the state a checkpoint carries. */
class PlateauScheduleTest {

    @Test
    void reducesAfterPatienceEpochsWithoutImprovementAtMostMaxTimes() {
        PlateauSchedule s = new PlateauSchedule(0.1f, 0.5f, 2, 2);
        assertTrue(s.epochEnded(0.50));
        assertFalse(s.epochEnded(0.40));
        assertEquals(0.1f, s.getLearningRate());
        assertFalse(s.epochEnded(0.50), "equal is no improvement");
        assertEquals(0.05f, s.getLearningRate(), "2 epochs without a better accuracy");
        assertEquals(0.05f, s.getNewValue(123), "the tracker gives the current rate to every update");
        assertFalse(s.epochEnded(0.45));
        assertEquals(0.05f, s.getLearningRate(), "patience counts again from the reduction");
        assertFalse(s.epochEnded(0.45));
        assertEquals(0.025f, s.getLearningRate());
        assertFalse(s.epochEnded(0.1));
        assertFalse(s.epochEnded(0.1));
        assertFalse(s.epochEnded(0.1));
        assertEquals(0.025f, s.getLearningRate(), "at most 2 reductions");
        assertTrue(s.epochEnded(0.6));
        assertEquals(0.6, s.getBest());
        assertEquals(new PlateauSchedule.State(0.025f, 2, 0.6, 0), s.getState());
    }

    @Test
    void anImprovementResetsThePatience() {
        PlateauSchedule s = new PlateauSchedule(1f, 0.1f, 2, 3);
        s.epochEnded(0.2);
        s.epochEnded(0.1);
        assertTrue(s.epochEnded(0.3));
        s.epochEnded(0.1);
        assertEquals(1f, s.getLearningRate());
        s.epochEnded(0.1);
        assertEquals(0.1f, s.getLearningRate(), 1e-9f);
    }

    @Test
    void aNanAccuracyIsNeverTheBest() {
        PlateauSchedule s = new PlateauSchedule(1f, 0.1f, 1, 3);
        assertFalse(s.epochEnded(Double.NaN));
        assertEquals(-1, s.getBest());
        assertTrue(s.epochEnded(0.0));
    }

    @Test
    void aRestoredStateContinuesAsTheOriginal() {
        PlateauSchedule original = new PlateauSchedule(0.1f, 0.1f, 2, 3);
        original.epochEnded(0.5);
        original.epochEnded(0.4);
        PlateauSchedule restored = new PlateauSchedule(0.1f, 0.1f, 2, 3);
        restored.setState(original.getState());
        assertEquals(new PlateauSchedule.State(0.1f, 0, 0.5, 1), restored.getState());
        assertEquals(original.epochEnded(0.45), restored.epochEnded(0.45));
        assertEquals(original.getState(), restored.getState());
        assertEquals(0.01f, restored.getLearningRate(), 1e-9f);
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlateauSchedule(0f, 0.1f, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new PlateauSchedule(Float.NaN, 0.1f, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new PlateauSchedule(0.1f, 1f, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new PlateauSchedule(0.1f, 0.1f, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new PlateauSchedule(0.1f, 0.1f, 2, -1));
    }
}
