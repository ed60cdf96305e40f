package io.github.alexnetdjl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTimerTest {

    @Test
    void twoWorkloadsTakeTurnsInAbbaOrderEachTimedOverAllItsTurns() {
        List<String> calls = new ArrayList<>();
        BatchTimer timer = new BatchTimer(1, 8, 0);
        Throughput.Timing[] timings = timer.alternate(4, () -> calls.add("a"), () -> calls.add("b"));
        // warm-up once each, then four rounds of two batches each: ab, ba, ab, ba
        assertEquals(List.of("a", "b", "a", "a", "b", "b", "b", "b", "a", "a", "a", "a", "b", "b", "b", "b", "a",
                "a"), calls);
        assertEquals(8, timings[0].nanos().length);
        assertEquals(8, timings[1].nanos().length);
    }

    @Test
    void eachTurnLastsItsShareOfTheTime() {
        int[] counts = new int[2];
        BatchTimer timer = new BatchTimer(0, 1, 0.2);
        long start = System.nanoTime();
        Throughput.Timing[] timings = timer.alternate(2, () -> counts[0]++, () -> counts[1]++);
        double seconds = (System.nanoTime() - start) / 1e9;
        // each of the 4 turns runs at least 0.1 s: 0.4 s in all
        assertTrue(seconds >= 0.4, "ran " + seconds + " s");
        assertEquals(counts[0], timings[0].nanos().length);
        assertEquals(counts[1], timings[1].nanos().length);
    }
}
