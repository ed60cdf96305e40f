package io.github.alexnetdjl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.github.alexnetdjl.nn.LocalResponseNormalization.Scaling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec a builder resolves: its values, its layer list against the blocks, and what it refuses. */
class AlexNetSpecTest {

    /** The three sources' networks and tiny ones with every option set. */
    private static List<AlexNetBlock.Builder> everyOption() {
        List<AlexNetBlock.Builder> builders = new ArrayList<>(EveryOption.builders());
        for (Variant variant : Variant.values()) {
            builders.add(AlexNetBlock.builder().optVariant(variant));
        }
        return builders;
    }

    /** The blocks' leaves and their output shapes, chained through DJL's getOutputShapes. */
    private static Map<String, Shape> blockShapes(AlexNetBlock block) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Shape shape = block.getInputShape(1);
        for (Pair<String, Block> child : block.getChildren()) {
            List<Pair<String, Block>> leaves = child.getValue() instanceof SequentialBlock stage
                    ? stage.getChildren().stream().map(p -> new Pair<>(child.getKey() + "." + p.getKey(), p.getValue()))
                            .toList()
                    : List.of(child);
            for (Pair<String, Block> leaf : leaves) {
                shape = leaf.getValue().getOutputShapes(new Shape[] {shape})[0];
                shapes.put(leaf.getKey(), shape);
            }
        }
        return shapes;
    }

    @Test
    void layersAreTheBlocksLeavesWithTheShapesTheBlocksCompute() {
        for (AlexNetBlock.Builder builder : everyOption()) {
            AlexNetBlock block = builder.build();
            Map<String, Shape> fromSpec = new LinkedHashMap<>();
            Shape previous = block.getInputShape();
            for (Layer layer : block.getSpec().layers()) {
                assertEquals(previous, layer.input(), layer.path());
                fromSpec.put(layer.path(), layer.output(1));
                previous = layer.output();
            }
            assertEquals(blockShapes(block), fromSpec, block.getSpec().toString());
        }
    }

    @Test
    void theBuilderResolvesEachVariantsSourceValues() {
        AlexNetSpec seed = AlexNetBlock.builder().build().getSpec();
        assertEquals(AlexNetSpec.defaults(Variant.SEED), seed);
        assertEquals(List.of(96, 256, 384, 384, 256), seed.filters());
        assertEquals(List.of(11, 5, 3, 3, 3), seed.kernels());
        assertEquals(List.of(4, 1, 1, 1, 1), seed.strides());
        assertEquals(new Layer.MaxPool(3, 2), seed.pool());
        assertEquals(new Layer.BatchNorm(1e-3f, 0.99f), seed.batchNorm());
        assertNull(seed.lrn());
        AlexNetSpec paper = AlexNetBlock.builder().optVariant(Variant.PAPER).build().getSpec();
        assertEquals(new Shape(3, 227, 227), paper.inputShape());
        assertEquals(List.of(1, 2, 1, 2, 2), paper.groups());
        assertEquals(new Layer.Lrn(5, 2f, 1e-4f, 0.75f, Scaling.PAPER), paper.lrn());
        assertNull(paper.batchNorm());
        AlexNetSpec torchvision = AlexNetBlock.builder().optVariant(Variant.TORCHVISION).build().getSpec();
        assertEquals(List.of(64, 192, 384, 256, 256), torchvision.filters());
        assertEquals(new Shape(256, 6, 6), torchvision.layer("conv5.avgpool").orElseThrow().output());
        // the paper's conv1: (227 - 11) / 4 + 1 = 55; its conv2 is grouped: 256 x 48 x 5 x 5 weights
        assertEquals(new Shape(96, 55, 55), paper.layers().get(0).output());
        assertEquals(256L * 48 * 5 * 5, paper.layer("conv2.conv").orElseThrow().weights());
        assertEquals(256L * 48 * 5 * 5 * 27 * 27, paper.layer("conv2.conv").orElseThrow().multiplyAccumulates());
    }

    @Test
    void optSpecRebuildsTheSameNetwork() {
        for (AlexNetBlock.Builder builder : everyOption()) {
            AlexNetSpec spec = builder.build().getSpec();
            assertEquals(spec, AlexNetBlock.builder().optSpec(spec).build().getSpec());
        }
    }

    @Test
    void theLogitsViewHasTheSpecWithoutTheSoftmax() {
        AlexNetBlock block = AlexNetBlock.builder().build();
        AlexNetBlock logits = (AlexNetBlock) block.logits();
        assertEquals(block.getSpec().withOutput(AlexNetBlock.Output.LOGITS), logits.getSpec());
        List<String> paths = new ArrayList<>();
        logits.getSpec().layers().forEach(layer -> paths.add(layer.path()));
        assertEquals("fc8.dense", paths.get(paths.size() - 1));
        assertEquals(List.copyOf(AlexNetBlock.STAGES), logits.getChildren().keys());
    }

    @Test
    void differenceFromNamesTheFirstDifferingComponent() {
        AlexNetSpec paper = AlexNetBlock.builder().optVariant(Variant.PAPER).build().getSpec();
        AlexNetSpec average = AlexNetBlock.builder().optVariant(Variant.PAPER).optLrnScaling(Scaling.AVERAGE).build()
                .getSpec();
        AlexNetSpec.Difference difference = paper.differenceFrom(average).orElseThrow();
        assertEquals(new AlexNetSpec.Difference("lrn.scaling", Scaling.PAPER, Scaling.AVERAGE), difference);
        AlexNetSpec seed = AlexNetBlock.builder().build().getSpec();
        AlexNetSpec noBatchNorm = AlexNetBlock.builder().optBatchNorm(false).build().getSpec();
        assertEquals(new AlexNetSpec.Difference("batchNorm", seed.batchNorm(), null),
                seed.differenceFrom(noBatchNorm).orElseThrow());
        assertTrue(seed.differenceFrom(AlexNetBlock.builder().build().getSpec()).isEmpty());
    }

    @Test
    void aSpecRefusesWhatItsVariantFixesNamingTheComponent() {
        AlexNetSpec paper = AlexNetSpec.defaults(Variant.PAPER);
        IllegalArgumentException kernels = assertThrows(IllegalArgumentException.class,
                () -> new AlexNetSpec(Variant.PAPER, 3, 227, 227, paper.filters(), List.of(7, 5, 3, 3, 3),
                        paper.strides(), paper.groups(), paper.pool(), null, paper.lrn(), paper.denseUnits(), 0.5f,
                        1000, AlexNetBlock.Output.SOFTMAX));
        assertEquals("kernels: PAPER fixes it as its source does ([11, 5, 3, 3, 3]), got [7, 5, 3, 3, 3]",
                kernels.getMessage());
        IllegalArgumentException lrn = assertThrows(IllegalArgumentException.class,
                () -> new AlexNetSpec(Variant.PAPER, 3, 227, 227, paper.filters(), paper.kernels(),
                        paper.strides(), paper.groups(), paper.pool(), null, null, paper.denseUnits(), 0.5f,
                        1000, AlexNetBlock.Output.SOFTMAX));
        assertTrue(lrn.getMessage().startsWith("lrn: "), lrn.getMessage());
        AlexNetSpec seed = AlexNetSpec.defaults(Variant.SEED);
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class,
                () -> new AlexNetSpec(Variant.SEED, 3, 224, 224, seed.filters(), seed.kernels(), seed.strides(),
                        List.of(1, 2, 1, 2, 2), seed.pool(), seed.batchNorm(), null, seed.denseUnits(), 0.5f, 1000,
                        AlexNetBlock.Output.SOFTMAX));
        assertTrue(groups.getMessage().startsWith("groups: SEED fixes it"), groups.getMessage());
        IllegalArgumentException lists = assertThrows(IllegalArgumentException.class,
                () -> new AlexNetSpec(Variant.SEED, 3, 224, 224, List.of(1, 2), seed.kernels(), seed.strides(),
                        seed.groups(), seed.pool(), seed.batchNorm(), null, seed.denseUnits(), 0.5f, 1000,
                        AlexNetBlock.Output.SOFTMAX));
        assertEquals("filters: expected 5 positive values, got [1, 2]", lists.getMessage());
        IllegalArgumentException lrnOption = assertThrows(IllegalArgumentException.class,
                () -> AlexNetBlock.builder().optLrnParameters(3, 1f, 1e-4f, 0.75f).build());
        assertTrue(lrnOption.getMessage().contains("optLrnParameters"), lrnOption.getMessage());
    }
}
