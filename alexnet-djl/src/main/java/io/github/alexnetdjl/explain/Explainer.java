package io.github.alexnetdjl.explain;

import ai.djl.ndarray.NDArray;
import io.github.alexnetdjl.features.StagedNetwork;

/** A way to tell which parts of an image a network's decision for a class rests on. */
public interface Explainer {

    /**
     * Returns the method's name, as output files are named after it.
     *
     * @return e.g. {@code gradcam}
     */
    String getName();

    /**
     * Explains the network's score for one class on one image.
     *
     * @param network the network's stages
     * @param image one preprocessed image, (C, H, W) or (1, C, H, W), on any device; left as it is
     * @param classIndex the class to explain, or -1 for the network's top class
     * @return the heatmap, for the class explained
     * @throws IllegalArgumentException if the class index is outside the model's classes
     */
    Heatmap explain(StagedNetwork network, NDArray image, int classIndex);
}
