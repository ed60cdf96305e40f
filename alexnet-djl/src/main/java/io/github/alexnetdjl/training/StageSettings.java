package io.github.alexnetdjl.training;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.nn.NamedSequentialBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which stages of the network a run freezes and which learn at a multiple of the learning rate (Caffe's {@code
 * lr_mult}, MATLAB's {@code WeightLearnRateFactor}), and how that is applied to a network:
 *
 * <ul>
 *   <li>a frozen stage's parameters are frozen in DJL's sense ({@link Parameter#freeze}): no gradient is
 *       computed for them and the trainer gives them to no optimizer, so they get no update, no weight decay
 *       and no momentum; its BatchNorm runs as in inference ({@link FrozenStage}), on its running statistics,
 *       which therefore stay as they are;
 *   <li>a multiplier scales the learning rate of every parameter of its stage, weight decay included ({@link
 *       MomentumSgd.Builder#optLearningRateMultipliers}).
 * </ul>
 *
 * <p>Stages are named as in {@link AlexNetBlock#STAGES}; a selection is one stage ({@code conv3}), a range
 * ({@code conv1..conv5}, both ends included) or {@value #FEATURES} (conv1 to conv5, torchvision's name for them).
 * fc8, the classifier, cannot be frozen. A stage is frozen or has a multiplier, not both; a multiplier of 1 is
 * the same as none and is dropped.
 */
final class StageSettings {

    /** The selection that names all convolution stages. */
    static final String FEATURES = "features";

    static final StageSettings NONE = new StageSettings(List.of(), Map.of());

    private static final String CLASSIFIER = "fc8";
    private static final String RANGE = "..";

    private final List<String> frozen;
    private final Map<String, Float> multipliers;

    private StageSettings(List<String> frozen, Map<String, Float> multipliers) {
        this.frozen = frozen;
        this.multipliers = multipliers;
    }

    /**
     * Resolves selections into settings.
     *
     * @param freeze the selections to freeze
     * @param multipliers learning-rate factors by selection; for a stage several name, the last one counts
     * @return the settings, stages in network order
     * @throws IllegalArgumentException naming the selection or stage that is unknown, the factor that is negative
     *     or not finite, fc8 when it is to be frozen, or a stage that is frozen and has a multiplier
     */
    static StageSettings of(List<String> freeze, Map<String, Float> multipliers) {
        boolean[] isFrozen = new boolean[AlexNetBlock.STAGES.size()];
        for (String selection : freeze) {
            for (String stage : parse(selection)) {
                isFrozen[AlexNetBlock.STAGES.indexOf(stage)] = true;
            }
        }
        Float[] factors = new Float[AlexNetBlock.STAGES.size()];
        for (Map.Entry<String, Float> entry : multipliers.entrySet()) {
            Float factor = entry.getValue();
            if (factor == null || !(factor >= 0f) || factor.isInfinite()) {
                throw new IllegalArgumentException("the learning-rate multiplier of " + entry.getKey()
                        + " must be a finite number >= 0, got " + factor);
            }
            for (String stage : parse(entry.getKey())) {
                factors[AlexNetBlock.STAGES.indexOf(stage)] = factor;
            }
        }
        List<String> frozenStages = new ArrayList<>();
        Map<String, Float> factorsByStage = new LinkedHashMap<>();
        for (int i = 0; i < isFrozen.length; i++) {
            String stage = AlexNetBlock.STAGES.get(i);
            boolean multiplied = factors[i] != null && factors[i] != 1f;
            if (isFrozen[i] && stage.equals(CLASSIFIER)) {
                throw new IllegalArgumentException("fc8 cannot be frozen: it is the classifier, which every run"
                        + " trains (freeze conv1 to fc7)");
            }
            if (isFrozen[i] && multiplied) {
                throw new IllegalArgumentException(stage + " is frozen and has a learning-rate multiplier ("
                        + factors[i] + "): give it one or the other");
            }
            if (isFrozen[i]) {
                frozenStages.add(stage);
            } else if (multiplied) {
                factorsByStage.put(stage, factors[i]);
            }
        }
        return new StageSettings(List.copyOf(frozenStages), Collections.unmodifiableMap(factorsByStage));
    }

    /**
     * Returns the stages a selection names, in network order.
     *
     * @param selection a stage, a range of stages or {@value #FEATURES}, in any case
     * @return the stages
     * @throws IllegalArgumentException if the selection names no stage, or a range runs backwards
     */
    static List<String> parse(String selection) {
        String text = selection == null ? "" : selection.trim().toLowerCase(Locale.ROOT);
        if (text.equals(FEATURES)) {
            return AlexNetBlock.STAGES.subList(0, 5);
        }
        int dots = text.indexOf(RANGE);
        if (dots < 0) {
            return List.of(AlexNetBlock.STAGES.get(index(text, selection)));
        }
        int first = index(text.substring(0, dots).trim(), selection);
        int last = index(text.substring(dots + RANGE.length()).trim(), selection);
        if (last < first) {
            throw new IllegalArgumentException("the stage range '" + selection + "' runs backwards: write "
                    + AlexNetBlock.STAGES.get(last) + RANGE + AlexNetBlock.STAGES.get(first));
        }
        return AlexNetBlock.STAGES.subList(first, last + 1);
    }

    private static int index(String stage, String selection) {
        int index = AlexNetBlock.STAGES.indexOf(stage);
        if (index < 0) {
            throw new IllegalArgumentException("unknown stage '" + selection + "': expected a stage (conv1 to conv5,"
                    + " fc6 to fc8), a range such as conv1..conv5, or " + FEATURES);
        }
        return index;
    }

    /** The frozen stages, in network order. */
    List<String> frozen() {
        return frozen;
    }

    /** The learning-rate factors other than 1, by stage, in network order. */
    Map<String, Float> multipliers() {
        return multipliers;
    }

    boolean isEmpty() {
        return frozen.isEmpty() && multipliers.isEmpty();
    }

    /**
     * Freezes the frozen stages' parameters, so that they get no gradient and no update; the other stages'
     * stay as they are.
     */
    void freeze(AlexNetBlock block) {
        for (String stage : frozen) {
            block.get(stage).freezeParameters(true);
        }
    }

    /** The learning-rate factors by parameter id, as the optimizer sees parameters. */
    Map<String, Float> multipliersById(AlexNetBlock block) {
        Map<String, Float> byId = new HashMap<>();
        for (Map.Entry<String, Float> entry : multipliers.entrySet()) {
            for (Pair<String, Parameter> parameter : block.get(entry.getKey()).getParameters()) {
                byId.put(parameter.getValue().getId(), entry.getValue());
            }
        }
        return byId;
    }

    /**
     * Returns the network to train: its logits ({@link AlexNetBlock#logits()}), with each frozen stage's
     * BatchNorm in inference mode. It shares the block's parameters.
     */
    Block trainingView(AlexNetBlock block) {
        if (frozen.isEmpty()) {
            return block.logits();
        }
        NamedSequentialBlock view = new NamedSequentialBlock();
        for (String stage : AlexNetBlock.STAGES) {
            Block child = block.get(stage);
            view.add(stage, frozen.contains(stage) ? new FrozenStage(child) : child);
        }
        return view;
    }

    /** Describes the settings for a message. */
    String describe() {
        if (isEmpty()) {
            return "no frozen stage and no learning-rate multiplier";
        }
        List<String> parts = new ArrayList<>();
        if (!frozen.isEmpty()) {
            parts.add("frozen " + String.join(", ", frozen));
        }
        if (!multipliers.isEmpty()) {
            List<String> factors = new ArrayList<>();
            multipliers.forEach((stage, factor) -> factors.add(stage + "=" + factor));
            parts.add("learning-rate multipliers " + String.join(", ", factors));
        }
        return String.join("; ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageSettings other && frozen.equals(other.frozen) && multipliers.equals(other.multipliers);
    }

    @Override
    public int hashCode() {
        return frozen.hashCode() * 31 + multipliers.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
