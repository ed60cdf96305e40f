package io.github.alexnetdjl.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.features.StagedNetwork;
import io.github.alexnetdjl.model.AlexNetBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On images whose evidence is in a known place (a coloured square; the class is its colour), a tiny AlexNet
 * trained here in a few seconds is explained: Grad-CAM's and occlusion's heatmaps peak on the square for at
 * least three images in four.
 */
class LocalizationTest {

    static Model model;
    static StagedNetwork network;
    static List<ColouredSquares.Sample> test;
    static NDManager manager;
    static int threads;

    @BeforeAll
    static void train() {
        AlexNetBlock block = AlexNetBlock.builder().optInputShape(3, ColouredSquares.SIDE, ColouredSquares.SIDE)
                .optFilters(8, 8, 8, 8, 8).optKernelSizes(3, 3, 3, 3, 3).optStrides(1, 1, 1, 1, 1).optPool(2, 2)
                .optBatchNorm(false).optDenseUnits(16, 16).optDropout(0).optNumClasses(ColouredSquares.CLASSES)
                .optOutput(AlexNetBlock.Output.LOGITS).build();
        model = ModelFactory.builder().optDevice(Device.cpu()).optSeed(1).build()
                .newModel("squares", block, block.getInputShape(1));
        manager = model.getNDManager().newSubManager();
        // A network this small runs faster on one thread than with threads waiting on each other at every layer.
        threads = LibTorch.intraOpThreads();
        LibTorch.setIntraOpThreads(1);
        Random random = new Random(5);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.005f)).optClipGrad(1f).build());
        try (Trainer trainer = model.newTrainer(config)) {
            for (int step = 0; step < 60; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDList batch = batch(scope, random, 16);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList logits = trainer.forward(new NDList(batch.get(0)));
                        NDArray loss = trainer.getLoss().evaluate(new NDList(batch.get(1)), logits);
                        collector.backward(loss);
                    }
                    trainer.step();
                }
            }
        }
        block.freezeParameters(true);
        network = StagedNetwork.of(block);
        test = new ArrayList<>();
        Random held = new Random(77);
        for (int i = 0; i < 12; i++) {
            test.add(ColouredSquares.square(held));
        }
    }

    private static NDList batch(NDManager scope, Random random, int size) {
        int pixels = 3 * ColouredSquares.SIDE * ColouredSquares.SIDE;
        float[] images = new float[size * pixels];
        float[] labels = new float[size];
        for (int i = 0; i < size; i++) {
            ColouredSquares.Sample sample = ColouredSquares.sample(random);
            System.arraycopy(sample.input(), 0, images, i * pixels, pixels);
            labels[i] = sample.label();
        }
        return new NDList(scope.create(images, new Shape(size, 3, ColouredSquares.SIDE, ColouredSquares.SIDE)),
                scope.create(labels));
    }

    @AfterAll
    static void close() {
        manager.close();
        model.close();
        LibTorch.setIntraOpThreads(threads);
    }

    private static NDArray input(NDManager scope, ColouredSquares.Sample sample) {
        return scope.create(sample.input(), new Shape(3, ColouredSquares.SIDE, ColouredSquares.SIDE));
    }

    @Test
    void theTinyNetworkTellsTheColours() {
        int right = 0;
        try (NDManager scope = manager.newSubManager()) {
            for (ColouredSquares.Sample sample : test) {
                right += network.logits(input(scope, sample).expandDims(0)).argMax(1).getLong(0) == sample.label() ? 1 : 0;
            }
        }
        assertTrue(right >= 11, right + " of " + test.size() + " right: the explanations below need a network that works");
    }

    @Test
    void gradCamPeaksOnTheSquare() {
        assertPeaksOnTheSquare(GradCam.builder().build(), 4);
        assertPeaksOnTheSquare(GradCam.builder().optStage("conv4").build(), 2);
    }

    @Test
    void occlusionPeaksOnTheSquare() {
        assertPeaksOnTheSquare(OcclusionSensitivity.builder().optWindow(6).optStride(3).build(), 0);
    }

    /** Most heatmaps, brought to the image's size, have their largest value on the square (or within a margin). */
    private static void assertPeaksOnTheSquare(Explainer explainer, int margin) {
        int on = 0;
        StringBuilder misses = new StringBuilder();
        try (NDManager scope = manager.newSubManager()) {
            for (ColouredSquares.Sample sample : test) {
                Heatmap heatmap = explainer.explain(network, input(scope, sample), sample.label());
                assertEquals(sample.label(), heatmap.getClassIndex());
                int[] peak = heatmap.resized(ColouredSquares.SIDE, ColouredSquares.SIDE).peak();
                if (sample.near(peak[0], peak[1], margin)) {
                    on++;
                } else {
                    misses.append(String.format(" class %d: peak (%d, %d), square at (%d, %d);", sample.label(), peak[0],
                            peak[1], sample.y(), sample.x()));
                }
            }
        }
        assertTrue(on >= 9, explainer.getName() + ": " + on + " of " + test.size() + " on the square;" + misses);
    }
}
