package io.github.alexnetdjl.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Random;

/** Test fixture: BatchNorm parameters far from the identity they start as, so folding them is tested. */
public final class RandomBatchNorms {

    private RandomBatchNorms() {}

    /**
     * Gives every BatchNorm ({@code .bn.} parameters) random statistics and a random affine map.
     *
     * @param block an initialized network
     * @param random the source of the values
     */
    public static void randomize(Block block, Random random) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getKey().contains(".bn.")) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            float[] values = new float[(int) array.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] =
                        p.getKey().endsWith("runningVar")
                                ? 0.05f + 3 * random.nextFloat()
                                : (random.nextFloat() - 0.5f) * 4;
            }
            array.set(values);
        }
    }
}
