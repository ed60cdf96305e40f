package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper's update rule, with its momentum state readable and restorable so a resumed run continues
 * exactly:
 *
 * <pre>
 * v = momentum * v - weightDecay * lr * w - lr * grad
 * w = w + v
 * </pre>
 *
 * <p>where {@code grad} is the gradient times {@code rescaleGrad}, clipped to [-clipGrad, clipGrad] when
 * {@code optClipGrad} is set, and {@code lr} the learning rate times the parameter's multiplier ({@link
 * Builder#optLearningRateMultipliers}, Caffe's {@code lr_mult}), 1 unless set. A parameter whose multiplier is 0
 * is left exactly as it is: its velocity stays zero and its weight is not touched.
 *
 * <p>DJL's own {@code Sgd} keeps its momentum in private maps keyed by random parameter ids, so a checkpoint
 * could not carry it. Here the state is exported and imported under the parameters' paths ({@code
 * conv1.conv.weight}, ...).
 */
public final class MomentumSgd extends Optimizer {

    private final Tracker learningRate;
    private final float momentum;
    private final Map<String, Float> multipliers;
    private final Map<String, NDArray> velocities = new ConcurrentHashMap<>();

    private MomentumSgd(Builder builder) {
        super(builder);
        learningRate = builder.learningRate;
        momentum = builder.momentum;
        multipliers = Map.copyOf(builder.multipliers);
    }

    /**
     * Returns a builder: momentum 0.9, weight decay 5e-4 (the paper's values).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder().optWeightDecays(5e-4f);
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float multiplier = multipliers.getOrDefault(parameterId, 1f);
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId)) * multiplier;
        // The velocity exists even when it stays zero, so that the exported state names every trained parameter.
        NDArray v = velocities.computeIfAbsent(parameterId, k -> weight.zerosLike());
        if (multiplier != 0f) {
            try (NDArray step = clippedStep(grad, lr)) {
                try (NDArray decay = weight.mul(getWeightDecay() * lr)) {
                    step.addi(decay);
                }
                v.muli(momentum).subi(step);
            }
            weight.addi(v);
        }
        // Gradients accumulate in PyTorch; DJL's own optimizers zero them after the update, as this does.
        try (NDArray g = weight.getGradient()) {
            g.subi(g);
        }
    }

    /** Returns {@code lr * rescaleGrad * grad}, clipped to {@code lr * clipGrad} when clipping is on. */
    private NDArray clippedStep(NDArray grad, float lr) {
        NDArray step = grad.mul(rescaleGrad * lr);
        if (clipGrad <= 0) {
            return step;
        }
        // Not clip(): it returns a new array and, on PyTorch, leaves its two bound scalars in the manager for
        // the rest of the run; minimum and maximum close theirs.
        float bound = clipGrad * lr;
        try (step;
                NDArray upper = step.minimum(bound)) {
            return upper.maximum(-bound);
        }
    }

    /**
     * Returns the momentum state, one array per parameter, named by the parameter's path.
     *
     * @param parameters the network's parameters, by path
     * @param manager the manager the copies belong to
     * @return copies of the velocities, on the manager's device
     */
    public NDList exportState(Iterable<Pair<String, Parameter>> parameters, NDManager manager) {
        NDList state = new NDList();
        for (Pair<String, Parameter> p : parameters) {
            NDArray v = velocities.get(p.getValue().getId());
            if (v != null) {
                NDArray copy = ownedCopy(v, manager.getDevice());
                copy.attach(manager);
                copy.setName(p.getKey());
                state.add(copy);
            }
        }
        return state;
    }

    /**
     * Restores the momentum state exported by {@link #exportState}.
     *
     * @param parameters the network's parameters, by path
     * @param state the velocities, named by path
     * @throws IllegalArgumentException if a velocity names no parameter or has another shape than it, or a
     *     trained parameter has no velocity; nothing is restored then
     */
    public void importState(Iterable<Pair<String, Parameter>> parameters, NDList state) {
        Map<String, Parameter> byPath = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            byPath.put(p.getKey(), p.getValue());
        }
        Set<String> named = new HashSet<>();
        for (NDArray v : state) {
            Parameter parameter = byPath.get(v.getName());
            if (parameter == null || !parameter.getArray().getShape().equals(v.getShape())) {
                throw new IllegalArgumentException("optimizer state '" + v.getName() + "' " + v.getShape()
                        + " matches no parameter of the network");
            }
            named.add(v.getName());
        }
        for (Map.Entry<String, Parameter> p : byPath.entrySet()) {
            // A missing velocity would silently restart that parameter's momentum at zero.
            if (p.getValue().requiresGradient() && !named.contains(p.getKey())) {
                throw new IllegalArgumentException("optimizer state has no velocity for '" + p.getKey() + "'");
            }
        }
        for (NDArray v : state) {
            Parameter parameter = byPath.get(v.getName());
            NDArray weight = parameter.getArray();
            NDArray copy = ownedCopy(v, weight.getDevice());
            copy.attach(weight.getManager());
            NDArray old = velocities.put(parameter.getId(), copy);
            if (old != null) {
                old.close();
            }
        }
    }

    /**
     * Copies an array into memory of its own on a device. On the PyTorch engine {@code toDevice(same, true)}
     * is no copy: it returns a view of the same tensor. A decoded array on the CPU is moreover a view of a
     * direct buffer that only the decoded Java object keeps alive; a velocity kept as such a view after
     * the decoded array is closed points into memory the garbage collector frees, and the next update
     * corrupts the native heap.
     */
    private static NDArray ownedCopy(NDArray array, Device device) {
        return array.getDevice().equals(device) ? array.duplicate() : array.toDevice(device, true);
    }

    /** Builds a {@link MomentumSgd}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Tracker learningRate = Tracker.fixed(0.01f);
        private float momentum = 0.9f;
        private Map<String, Float> multipliers = Map.of();

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning rate; default fixed at 0.01.
         *
         * @param learningRate the learning rate's tracker
         * @return this builder
         */
        public Builder setLearningRateTracker(Tracker learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the momentum; default 0.9.
         *
         * @param momentum the momentum, in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets per-parameter learning-rate multipliers; default none (every parameter learns at the learning
         * rate). A parameter's step, weight decay included, is computed with the learning rate times its
         * multiplier.
         *
         * @param byParameterId the multipliers by parameter id ({@link Parameter#getId()}), each finite and
         *     at least 0; parameters not named keep 1
         * @return this builder
         */
        public Builder optLearningRateMultipliers(Map<String, Float> byParameterId) {
            this.multipliers = Map.copyOf(byParameterId);
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if the momentum is outside [0, 1) or a multiplier is negative or not
         *     finite
         */
        public MomentumSgd build() {
            if (!(momentum >= 0f && momentum < 1f)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            for (Map.Entry<String, Float> multiplier : multipliers.entrySet()) {
                if (!(multiplier.getValue() >= 0f) || Float.isInfinite(multiplier.getValue())) {
                    throw new IllegalArgumentException("the learning-rate multiplier of parameter "
                            + multiplier.getKey() + " must be a finite number >= 0, got " + multiplier.getValue());
                }
            }
            return new MomentumSgd(this);
        }
    }
}
