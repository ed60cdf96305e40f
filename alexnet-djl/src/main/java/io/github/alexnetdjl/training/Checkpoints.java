package io.github.alexnetdjl.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelConfig;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.NDListFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-epoch checkpoints and the best model of a training output directory: how they are named, written,
 * found, loaded, copied and pruned. A checkpoint is a model directory plus {@link
 * ClassifierTrainer#TRAINING_STATE} and {@link ClassifierTrainer#OPTIMIZER_STATE}, complete once its
 * training state is there.
 */
final class Checkpoints {

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,})");
    private static final Logger logger = LoggerFactory.getLogger(Checkpoints.class);

    private final Path output;

    Checkpoints(Path output) {
        this.output = output;
    }

    /** The complete checkpoints in an output directory, oldest first. */
    static List<Path> list(Path output) throws IOException {
        Path dir = output.resolve(ClassifierTrainer.CHECKPOINTS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(ClassifierTrainer.TRAINING_STATE)))
                    .sorted((a, b) -> Integer.compare(epochOf(a), epochOf(b)))
                    .toList();
        }
    }

    /** The epoch a checkpoint directory is named after, or -1. */
    static int epochOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Writes an epoch's checkpoint atomically: the model, then the training and optimizer state with it. */
    Path save(int epoch, AlexNetBlock block, ModelConfig config, List<String> classes, MomentumSgd optimizer,
            TrainingState state) throws IOException {
        Path dir = output.resolve(ClassifierTrainer.CHECKPOINTS).resolve(String.format(Locale.ROOT, "epoch-%04d", epoch));
        ModelDirectory.save(dir, block, config, classes, tmp -> {
            Files.writeString(tmp.resolve(ClassifierTrainer.TRAINING_STATE), state.toJson(), StandardCharsets.UTF_8);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                // Streamed: the full network's momentum buffers are 250 MB, which encode() would first
                // gather in a byte array of the heap (and twice that while the array grows).
                try (OutputStream out = new BufferedOutputStream(
                        Files.newOutputStream(tmp.resolve(ClassifierTrainer.OPTIMIZER_STATE)))) {
                    optimizer.exportState(block.getParameters(), manager).encode(out);
                }
            }
        });
        return dir;
    }

    /** Loads a checkpoint's model, saying why it does not load. */
    static ModelDirectory load(Path checkpoint, Device device) throws IOException {
        try {
            return ModelDirectory.load(checkpoint, device);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IOException("the model does not load: " + describe(e), e);
        }
    }

    /**
     * Restores a checkpoint's momentum into the optimizer of its loaded model; the optimizer is untouched on
     * failure.
     */
    static void importOptimizerState(Path checkpoint, ModelDirectory loaded, MomentumSgd optimizer)
            throws IOException {
        Path file = checkpoint.resolve(ClassifierTrainer.OPTIMIZER_STATE);
        try (NDManager manager = NDManager.newBaseManager(loaded.getModel().getNDManager().getDevice());
                InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDListFile.check(file, loaded.getBlock().getParameters().size());
            NDList velocities = NDList.decode(manager, in);
            optimizer.importState(loaded.getBlock().getParameters(), velocities);
        } catch (IllegalArgumentException e) {
            String why = e.getCause() != null ? describe(e) + ": " + describe(e.getCause()) : describe(e);
            throw new IOException(file + " is not a readable optimizer state (" + why + ")", e);
        }
    }

    /** Returns an exception's message, or its class's name when it has none (an EOFException). */
    static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Makes {@code best/} the model of the epoch the checkpoint names as best: a run killed after a checkpoint
     * and before its copy to {@code best/} finished left the older best model there, or none.
     */
    void restoreBest(int bestEpoch) throws IOException {
        if (bestEpoch == 0 || bestEpochOf(output.resolve(ClassifierTrainer.BEST)) == bestEpoch) {
            return;
        }
        for (Path checkpoint : list(output)) {
            if (epochOf(checkpoint) == bestEpoch) {
                publishBest(checkpoint);
                logger.info("Restored {} from {}", output.resolve(ClassifierTrainer.BEST), checkpoint);
                return;
            }
        }
    }

    /** Returns the epoch a best model was saved in, or -1 if that is unknown. */
    private static int bestEpochOf(Path best) {
        try {
            return TrainingState.read(best.resolve(ClassifierTrainer.TRAINING_STATE)).epoch;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Replaces {@code best/} with a copy of a complete checkpoint's model and training state. */
    void publishBest(Path checkpoint) throws IOException {
        Path target = output.resolve(ClassifierTrainer.BEST);
        Path temp = AtomicFiles.newTempDirectory(target);
        try {
            try (Stream<Path> files = Files.list(checkpoint)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (!file.getFileName().toString().equals(ClassifierTrainer.OPTIMIZER_STATE)) {
                        Files.copy(file, temp.resolve(file.getFileName()));
                    }
                }
            }
            AtomicFiles.replaceDirectory(temp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
    }

    /** Deletes all but the newest checkpoints; only after the best model was copied from the newest. */
    void prune(int keep) throws IOException {
        List<Path> all = list(output);
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            AtomicFiles.deleteRecursively(old);
        }
    }
}
