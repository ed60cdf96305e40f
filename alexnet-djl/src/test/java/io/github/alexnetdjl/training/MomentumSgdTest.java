package io.github.alexnetdjl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The update rule on a small parameter against values computed by hand, and its state's round trip. */
class MomentumSgdTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static MomentumSgd.Builder sgd(float lr, float momentum, float weightDecay) {
        return MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(lr)).optMomentum(momentum)
                .optWeightDecays(weightDecay);
    }

    private NDArray weight(float... values) {
        NDArray w = manager.create(values);
        w.setRequiresGradient(true);
        return w;
    }

    private void step(MomentumSgd sgd, NDArray w, float... grad) {
        try (NDArray g = manager.create(grad)) {
            sgd.update("w", w, g);
        }
    }

    @Test
    void twoStepsMatchTheRuleComputedByHand() {
        // lr 0.1, momentum 0.9, weight decay 0.01, w = (1, -2):
        // step 1, grad (0.5, 1):     v = -(0.1 * grad + 0.001 * w) = (-0.051, -0.098), w = (0.949, -2.098)
        // step 2, grad (-1, 0.25):   v = 0.9 * v - (0.1 * grad + 0.001 * w) = (0.053151, -0.111102),
        //                            w = (1.002151, -2.209102)
        MomentumSgd sgd = sgd(0.1f, 0.9f, 0.01f).build();
        NDArray w = weight(1f, -2f);
        step(sgd, w, 0.5f, 1f);
        assertArrayEquals(new float[] {0.949f, -2.098f}, w.toFloatArray(), 1e-6f);
        step(sgd, w, -1f, 0.25f);
        assertArrayEquals(new float[] {1.002151f, -2.209102f}, w.toFloatArray(), 1e-6f);
    }

    @Test
    void weightDecayAloneShrinksTheWeights() {
        // lr 0.1, weight decay 0.5, no gradient: v = 0.9 * v - 0.05 * w.
        // step 1: v = (-0.1, 0.2), w = (1.9, -3.8); step 2: v = (-0.09 - 0.095, 0.18 + 0.19), w = (1.715, -3.43)
        MomentumSgd sgd = sgd(0.1f, 0.9f, 0.5f).build();
        NDArray w = weight(2f, -4f);
        step(sgd, w, 0f, 0f);
        assertArrayEquals(new float[] {1.9f, -3.8f}, w.toFloatArray(), 1e-6f);
        step(sgd, w, 0f, 0f);
        assertArrayEquals(new float[] {1.715f, -3.43f}, w.toFloatArray(), 1e-6f);
    }

    @Test
    void clippingBoundsTheRescaledGradient() {
        // rescale 2, clip 0.5: grad (2, -3, 0.2) -> (4, -6, 0.4) -> (0.5, -0.5, 0.4); lr 0.1, no momentum/decay.
        MomentumSgd sgd = sgd(0.1f, 0f, 0f).setRescaleGrad(2f).optClipGrad(0.5f).build();
        NDArray w = weight(1f, 1f, 1f);
        step(sgd, w, 2f, -3f, 0.2f);
        assertArrayEquals(new float[] {0.95f, 1.05f, 0.96f}, w.toFloatArray(), 1e-6f);
    }

    @Test
    void aMultiplierScalesTheStepWeightDecayIncluded() {
        // lr 0.1 x multiplier 10 = 1, momentum 0.9, weight decay 0.01, w = (1, -2):
        // step 1, grad (0.5, 1):   v = -(1 * grad + 0.01 * w) = (-0.51, -0.98), w = (0.49, -2.98)
        // step 2, grad (-1, 0.25): v = 0.9 * v - (1 * grad + 0.01 * w) = (0.5361, -1.1022), w = (1.0261, -4.0822)
        MomentumSgd sgd = sgd(0.1f, 0.9f, 0.01f).optLearningRateMultipliers(Map.of("w", 10f)).build();
        NDArray w = weight(1f, -2f);
        step(sgd, w, 0.5f, 1f);
        assertArrayEquals(new float[] {0.49f, -2.98f}, w.toFloatArray(), 1e-6f);
        step(sgd, w, -1f, 0.25f);
        assertArrayEquals(new float[] {1.0261f, -4.0822f}, w.toFloatArray(), 1e-5f);
        // Parameters it does not name keep the learning rate: lr 0.1, as in twoStepsMatchTheRuleComputedByHand.
        NDArray other = weight(1f, -2f);
        try (NDArray g = manager.create(new float[] {0.5f, 1f})) {
            sgd.update("other", other, g);
        }
        assertArrayEquals(new float[] {0.949f, -2.098f}, other.toFloatArray(), 1e-6f);
    }

    @Test
    void aMultiplierOfZeroLeavesTheWeightBitForBitWithAZeroVelocity() {
        List<Pair<String, Parameter>> parameters = parameters(weight(1f, -0f), weight(0.5f));
        String weightId = parameters.get(0).getValue().getId();
        MomentumSgd sgd = sgd(0.1f, 0.9f, 0.5f).optLearningRateMultipliers(Map.of(weightId, 0f)).build();
        for (int i = 0; i < 3; i++) {
            update(sgd, parameters, manager, new float[] {-3f, 7f}, new float[] {1f});
        }
        float[] after = parameters.get(0).getValue().getArray().toFloatArray();
        assertEquals(Float.floatToIntBits(1f), Float.floatToIntBits(after[0]));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(after[1]), "even the sign of a zero stays");
        NDList state = sgd.exportState(parameters, manager);
        assertEquals(List.of("layer.weight", "layer.bias"), state.stream().map(NDArray::getName).toList(),
                "its velocity is there, so the state still names every trained parameter");
        assertArrayEquals(new float[] {0f, 0f}, state.get(0).toFloatArray());
        assertTrue(parameters.get(1).getValue().getArray().getFloat(0) < 0.5f, "the bias learns");
    }

    @Test
    void aNegativeOrInfiniteMultiplierIsRefused() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> sgd(0.1f, 0.9f, 0f).optLearningRateMultipliers(Map.of("p", -1f)).build());
        assertEquals("the learning-rate multiplier of parameter p must be a finite number >= 0, got -1.0",
                negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sgd(0.1f, 0.9f, 0f)
                .optLearningRateMultipliers(Map.of("p", Float.POSITIVE_INFINITY)).build());
    }

    @Test
    void anUpdateLeavesNoArrayBehind() {
        MomentumSgd sgd = sgd(0.1f, 0.9f, 0.01f).optClipGrad(0.5f).build();
        NDArray w = weight(1f, 1f);
        step(sgd, w, 2f, 2f); // creates the velocity
        int arrays = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            step(sgd, w, 2f, 2f);
        }
        assertEquals(arrays, manager.getManagedArrays().size());
    }

    private List<Pair<String, Parameter>> parameters(NDArray... arrays) {
        return List.of(
                new Pair<>("layer.weight", Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                        .optArray(arrays[0]).build()),
                new Pair<>("layer.bias", Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optArray(arrays[1]).build()));
    }

    private static void update(MomentumSgd sgd, List<Pair<String, Parameter>> parameters, NDManager manager,
            float[] weightGrad, float[] biasGrad) {
        try (NDArray gw = manager.create(weightGrad);
                NDArray gb = manager.create(biasGrad)) {
            sgd.update(parameters.get(0).getValue().getId(), parameters.get(0).getValue().getArray(), gw);
            sgd.update(parameters.get(1).getValue().getId(), parameters.get(1).getValue().getArray(), gb);
        }
    }

    @Test
    void exportedStateContinuesExactlyInAnotherOptimizer() {
        List<Pair<String, Parameter>> original = parameters(weight(1f, -2f), weight(0.5f));
        MomentumSgd first = sgd(0.1f, 0.9f, 0.01f).build();
        update(first, original, manager, new float[] {0.5f, 1f}, new float[] {2f});

        NDList state = first.exportState(original, manager);
        assertEquals(List.of("layer.weight", "layer.bias"), state.stream().map(NDArray::getName).toList());
        // v = -(0.1 * grad + 0.001 * w): (-0.051, -0.098) and -(0.2 + 0.0005)
        assertArrayEquals(new float[] {-0.051f, -0.098f}, state.get(0).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.2005f}, state.get(1).toFloatArray(), 1e-6f);

        List<Pair<String, Parameter>> copy = parameters(
                weight(original.get(0).getValue().getArray().toFloatArray()),
                weight(original.get(1).getValue().getArray().toFloatArray()));
        MomentumSgd second = sgd(0.1f, 0.9f, 0.01f).build();
        second.importState(copy, state);
        state.close(); // the imported velocities are copies of their own
        update(first, original, manager, new float[] {-1f, 0.25f}, new float[] {1f});
        update(second, copy, manager, new float[] {-1f, 0.25f}, new float[] {1f});
        assertArrayEquals(new float[] {1.002151f, -2.209102f}, copy.get(0).getValue().getArray().toFloatArray(), 1e-6f);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(original.get(i).getValue().getArray().toFloatArray(),
                    copy.get(i).getValue().getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void stateThatDoesNotFitIsRefusedWholly() {
        List<Pair<String, Parameter>> parameters = parameters(weight(1f, -2f), weight(0.5f));
        MomentumSgd sgd = sgd(0.1f, 0.9f, 0f).build();

        NDArray wrongShape = manager.create(new float[] {1f, 2f, 3f});
        wrongShape.setName("layer.weight");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> sgd.importState(parameters, new NDList(wrongShape)));
        assertTrue(shape.getMessage().contains("'layer.weight' (3)"), shape.getMessage());

        NDArray weightOnly = manager.create(new float[] {1f, 2f});
        weightOnly.setName("layer.weight");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> sgd.importState(parameters, new NDList(weightOnly)));
        assertTrue(missing.getMessage().contains("no velocity for 'layer.bias'"), missing.getMessage());

        // Nothing was restored: the first step starts from zero momentum (w = 1 - 0.1 * 1).
        update(sgd, parameters, manager, new float[] {1f, 1f}, new float[] {1f});
        assertArrayEquals(new float[] {0.9f, -2.1f}, parameters.get(0).getValue().getArray().toFloatArray(), 1e-6f);
    }
}
