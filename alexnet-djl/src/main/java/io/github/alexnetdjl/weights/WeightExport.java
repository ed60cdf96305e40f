package io.github.alexnetdjl.weights;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.model.TorchvisionKeys;
import io.github.alexnetdjl.model.Variant;
import io.github.alexnetdjl.store.AtomicFiles;
import io.github.alexnetdjl.store.ModelDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a block's parameters in a format other tools read directly, named by their parameter paths
 * ({@code conv1.conv.weight}, ...), in this model's layouts (conv OIHW, dense (out, in)):
 *
 * <ul>
 *   <li>{@code .safetensors}: Hugging Face's format ({@code safetensors.numpy.load_file},
 *       {@code safetensors.torch.load_file});
 *   <li>{@code .npz}: numpy's ({@code numpy.load}).
 * </ul>
 *
 * <p>With {@link Keys#TORCHVISION} the torchvision variant's parameters are named by torchvision's state_dict keys
 * ({@code features.0.weight}, ... {@link TorchvisionKeys}), so that {@code
 * model.load_state_dict(safetensors.torch.load_file(file))} loads them into {@code torchvision.models.alexnet()},
 * and a {@code torch.save(model.state_dict(), ...)} of it imports back with {@link WeightImport#torchvision}.
 *
 * <p>The encoding is DJL's ({@link NDList#encode}); the file is written to a temporary file and renamed into
 * place. An existing file is replaced only when it is empty or already of the format written (its first bytes
 * say so); a directory, or a file of any other kind under that name, is refused and left as it was.
 */
public final class WeightExport {

    /** How the exported tensors are named. */
    public enum Keys {
        /** By the parameter paths of this library's blocks, {@code conv1.conv.weight}. */
        PARAMETER_PATHS,
        /** By torchvision's state_dict keys, {@code features.0.weight}: the torchvision variant only. */
        TORCHVISION
    }

    private WeightExport() {}

    /**
     * Writes a model directory's parameters, as saved (BatchNorm not folded), the format chosen by the file's
     * extension.
     *
     * @param directory the model directory
     * @param file a {@code .safetensors} or {@code .npz} file to create or replace
     * @param keys how the tensors are named
     * @throws IllegalArgumentException if the extension is neither, or torchvision's keys are asked for a
     *     network of another variant
     * @throws IOException if the directory cannot be read or writing fails; the file is then unchanged
     * @throws MalformedModelException if the directory's files do not fit together
     */
    public static void writeModelDirectory(Path directory, Path file, Keys keys)
            throws IOException, MalformedModelException {
        NDList.Encoding encoding = checkTarget(file);
        try (ModelDirectory model = ModelDirectory.load(directory, Device.cpu())) {
            AtomicFiles.write(file, encode(model.getBlock(), encoding, keys));
        }
    }

    /**
     * Writes every parameter of an initialized block, the format chosen by the file's extension.
     *
     * @param block the block
     * @param file a {@code .safetensors} or {@code .npz} file to create or replace
     * @throws IllegalArgumentException if the extension is neither
     * @throws IOException if writing fails; the file is then unchanged
     */
    public static void write(Block block, Path file) throws IOException {
        write(block, file, Keys.PARAMETER_PATHS);
    }

    /**
     * Writes every parameter of an initialized block, named as asked, the format chosen by the file's extension.
     *
     * @param block the block
     * @param file a {@code .safetensors} or {@code .npz} file to create or replace
     * @param keys how the tensors are named
     * @throws IllegalArgumentException if the extension is neither, or torchvision's keys are asked for a
     *     block other than the torchvision variant
     * @throws IOException if writing fails; the file is then unchanged
     */
    public static void write(Block block, Path file, Keys keys) throws IOException {
        NDList.Encoding encoding = checkTarget(file);
        AtomicFiles.write(file, encode(block, encoding, keys));
    }

    /**
     * Checks that {@link #write} may write a file: its extension names a format, and nothing is there yet, or
     * an empty file, or a file of that format.
     *
     * @param file the file to create or replace
     * @return the encoding its extension asks for
     * @throws IllegalArgumentException if the extension is neither {@code .safetensors} nor {@code .npz}
     * @throws FileAlreadyExistsException naming the file, when a directory or a file of another kind is there
     * @throws IOException if an existing file cannot be read
     */
    public static NDList.Encoding checkTarget(Path file) throws IOException {
        NDList.Encoding encoding = encoding(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return encoding;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(
                    file.toString(), null, "something other than a file is already there; refusing to replace it");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        }
        if (head.length > 0 && !isFormat(head, encoding)) {
            throw new FileAlreadyExistsException(
                    file.toString(), null,
                    "a file that is not " + (encoding == NDList.Encoding.NPZ ? "an npz archive" : "a safetensors file")
                            + " is already there; refusing to replace it");
        }
        return encoding;
    }

    private static boolean isFormat(byte[] head, NDList.Encoding encoding) {
        if (encoding == NDList.Encoding.NPZ) {
            // a zip: a local file header, or the end record of an empty archive
            return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                    && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        }
        // an 8-byte little-endian header length, then the JSON header
        return head.length == 9 && head[8] == '{';
    }

    /**
     * Returns the encoding a file name asks for.
     *
     * @param file the file
     * @return safetensors or npz
     * @throws IllegalArgumentException if the extension is neither {@code .safetensors} nor {@code .npz}
     */
    public static NDList.Encoding encoding(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            return NDList.Encoding.SAFETENSORS;
        }
        if (name.endsWith(".npz")) {
            return NDList.Encoding.NPZ;
        }
        throw new IllegalArgumentException(
                "export file " + file + ": expected a .safetensors or .npz extension");
    }

    private static byte[] encode(Block block, NDList.Encoding encoding, Keys keys) {
        if (keys == Keys.TORCHVISION && !(block instanceof AlexNetBlock alexnet && alexnet.getVariant() == Variant.TORCHVISION)) {
            throw new IllegalArgumentException("torchvision's keys name the parameters of the torchvision variant; this"
                    + " network is " + (block instanceof AlexNetBlock alexnet ? "the " + alexnet.getVariant().name()
                            .toLowerCase(Locale.ROOT) + " variant" : "not an AlexNetBlock"));
        }
        NDManager owner = null;
        for (Pair<String, Parameter> p : block.getParameters()) {
            owner = p.getValue().getArray().getManager();
            break;
        }
        if (owner == null) {
            throw new IllegalArgumentException("the block has no parameters to export");
        }
        try (NDManager scratch = owner.newSubManager(Device.cpu())) {
            NDList named = new NDList();
            for (Pair<String, Parameter> p : block.getParameters()) {
                // A named host copy: the parameter itself keeps its own name and device.
                NDArray copy = p.getValue().getArray().toDevice(Device.cpu(), true);
                copy.attach(scratch);
                copy.setName(keys == Keys.TORCHVISION ? TorchvisionKeys.toTorchvision(p.getKey()) : p.getKey());
                named.add(copy);
            }
            return named.encode(encoding);
        }
    }
}
