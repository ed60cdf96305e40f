package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.github.alexnetdjl.store.SizeLimits;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the layers' weights from the files Keras writes, in model order, with jHDF:
 *
 * <ul>
 *   <li>tf.keras 2.x {@code model.save_weights("x.h5")}: the layer order in the root's {@code layer_names}
 *       attribute, each layer's arrays in its group's {@code weight_names} attribute;
 *   <li>tf.keras 2.x {@code model.save("x.h5")}: the same under the {@code model_weights} group;
 *   <li>Keras 3 {@code x.weights.h5}: {@code layers/<class>[_n]/vars/<i>}, in order of n within a class;
 *   <li>Keras 3 {@code x.keras}: a zip whose {@code model.weights.h5} entry is the above; the entry is read
 *       into memory, nothing is extracted.
 * </ul>
 *
 * <p>The file is untrusted. It must be within {@link SizeLimits#MAX_WEIGHT_FILE_BYTES}, and so must the HDF5
 * file a {@code .keras} archive inflates to, read with a counting limit. jHDF reads the HDF5 file from memory
 * (a {@code .h5} file is mapped, not copied), so a structure that declares more bytes than the file holds
 * fails instead of allocating them. Each weight's dimensions are checked, without overflow, against
 * {@link SizeLimits#MAX_TENSOR_ELEMENTS}, and uncompressed ones against the file's size, before its values are
 * read; the values read from one file stay within {@link SizeLimits#MAX_WEIGHT_FILE_BYTES} in all. Whatever
 * a damaged file makes jHDF throw becomes one message naming the file.
 */
public final class KerasWeightsFile {

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String KERAS3_ENTRY = "model.weights.h5";
    private static final Pattern SUFFIX = Pattern.compile("(.*?)(?:_(\\d+))?");
    private static final String EXPECTED = "a Keras weight file (.h5, .weights.h5, .keras)";

    /** Where messages say the data is, e.g. {@code x.keras!model.weights.h5}. */
    private final String where;
    /** The HDF5 file's size: uncompressed data and attributes cannot hold more. */
    private final long hdfSize;
    private final UntrustedFiles.Budget budget;

    private KerasWeightsFile(String where, long hdfSize, Path file) {
        this.where = where;
        this.hdfSize = hdfSize;
        this.budget = new UntrustedFiles.Budget(file);
    }

    /**
     * Reads the layers that Keras saved, in the model's order.
     *
     * @param file a {@code .h5}, {@code .weights.h5} or {@code .keras} file
     * @return the layers, with and without weights
     * @throws WeightFormatException if the file is not one of these formats, is damaged, larger than
     *     {@link SizeLimits} allow, or holds a non-float32 weight
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if the file cannot be read
     */
    public static List<KerasLayerWeights> read(Path file) throws IOException {
        long size = UntrustedFiles.checkFile(file, EXPECTED);
        byte[] magic = UntrustedFiles.head(file, HDF5_MAGIC.length);
        try {
            if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                byte[] hdf5 = kerasZipEntry(file, SizeLimits.MAX_WEIGHT_FILE_BYTES);
                try (HdfFile hdf = HdfFile.fromBytes(hdf5)) {
                    return new KerasWeightsFile(file + "!" + KERAS3_ENTRY, hdf5.length, file).read(hdf);
                }
            }
            if (!Arrays.equals(magic, HDF5_MAGIC)) {
                throw new WeightFormatException(
                        file + ": not a Keras weight file: expected HDF5 (.h5, .weights.h5) or a .keras zip");
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    HdfFile hdf = HdfFile.fromByteBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, size))) {
                return new KerasWeightsFile(file.toString(), size, file).read(hdf);
            }
        } catch (RuntimeException e) {
            // jHDF's HdfException, and what a damaged structure makes it throw besides (buffer bounds, casts, ...)
            throw new WeightFormatException(file + ": unreadable HDF5 (" + UntrustedFiles.describe(e) + ")", e);
        }
    }

    /**
     * Reads a {@code .keras} archive's HDF5 entry into memory.
     *
     * @param file the archive
     * @param limit the most bytes the entry may inflate to
     * @return the entry's bytes
     */
    static byte[] kerasZipEntry(Path file, long limit) throws IOException {
        try (ZipFile zip = UntrustedFiles.openZip(file)) {
            ZipEntry entry = zip.getEntry(KERAS3_ENTRY);
            if (entry == null) {
                throw new WeightFormatException(
                        file + ": a zip without " + KERAS3_ENTRY + ", so not a Keras 3 .keras file with HDF5 weights");
            }
            return UntrustedFiles.readEntry(zip, entry, limit, file);
        }
    }

    private List<KerasLayerWeights> read(HdfFile hdf) throws WeightFormatException {
        if (hdf.getAttribute("layer_names") != null || hdf.getAttribute("layer_names0") != null) {
            return readLegacy(hdf, where);
        }
        Node modelWeights = hdf.getChild("model_weights");
        if (modelWeights instanceof Group group) {
            return readLegacy(group, where + ":/model_weights");
        }
        for (String name : List.of("layers", "_layer_checkpoint_dependencies")) {
            if (hdf.getChild(name) instanceof Group layers) {
                return readKeras3(layers);
            }
        }
        throw new WeightFormatException(
                where
                        + ": HDF5 without Keras weights: expected a layer_names attribute (tf.keras 2.x),"
                        + " a model_weights group (tf.keras 2.x model.save) or a layers group (Keras 3)");
    }

    private List<KerasLayerWeights> readLegacy(Group root, String at) throws WeightFormatException {
        List<KerasLayerWeights> layers = new ArrayList<>();
        for (String layerName : strings(root, "layer_names", at)) {
            if (!(root.getChild(layerName) instanceof Group layer)) {
                throw new WeightFormatException(at + ": layer " + layerName + " is listed but has no group");
            }
            List<WeightTensor> weights = new ArrayList<>();
            for (String weightName : strings(layer, "weight_names", at)) {
                Node node = layer.getByPath(weightName);
                if (!(node instanceof Dataset dataset)) {
                    throw new WeightFormatException(
                            at + ": weight " + weightName + " of layer " + layerName + " is missing");
                }
                weights.add(tensor(layerName + "/" + weightName, dataset, at));
            }
            layers.add(new KerasLayerWeights(layerName, List.copyOf(weights)));
        }
        return layers;
    }

    private List<KerasLayerWeights> readKeras3(Group layersGroup) throws WeightFormatException {
        List<String> names = new ArrayList<>(layersGroup.getChildren().keySet());
        // Keras 3 names each layer by its class and a counter in model order (conv2d, conv2d_1, ...);
        // HDF5 lists them alphabetically, which puts conv2d_10 before conv2d_2.
        names.sort(Comparator.comparing((String n) -> base(n)).thenComparingLong(KerasWeightsFile::counter));
        List<KerasLayerWeights> layers = new ArrayList<>();
        for (String layerName : names) {
            if (!(layersGroup.getChild(layerName) instanceof Group layer)) {
                continue;
            }
            List<WeightTensor> weights = new ArrayList<>();
            if (layer.getChild("vars") instanceof Group vars) {
                for (int i = 0; vars.getChild(Integer.toString(i)) instanceof Dataset dataset; i++) {
                    weights.add(tensor("layers/" + layerName + "/vars/" + i, dataset, where));
                }
            }
            layers.add(new KerasLayerWeights(layerName, List.copyOf(weights)));
        }
        return layers;
    }

    private static String base(String name) {
        Matcher m = SUFFIX.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    private static long counter(String name) {
        Matcher m = SUFFIX.matcher(name);
        if (!m.matches() || m.group(2) == null) {
            return 0;
        }
        try {
            return Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // more digits than a long: order does not matter for a name no model has
        }
    }

    /** Reads a string list attribute, also when Keras split it into name0, name1, ... chunks. */
    private List<String> strings(Node node, String name, String at) throws WeightFormatException {
        List<String> values = new ArrayList<>();
        Attribute whole = node.getAttribute(name);
        if (whole != null) {
            addStrings(values, whole, node, at);
            return values;
        }
        for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
            addStrings(values, node.getAttribute(name + chunk), node, at);
        }
        if (values.isEmpty() && node.getAttribute(name + "0") == null) {
            throw new WeightFormatException(at + ": " + node.getPath() + " has no " + name + " attribute");
        }
        return values;
    }

    private void addStrings(List<String> values, Attribute attribute, Node node, String at)
            throws WeightFormatException {
        if (attribute.isEmpty() || attribute.getSize() == 0) {
            return;
        }
        // every name takes at least a byte of the file: a larger count is a damaged header
        if (attribute.getSize() < 0 || attribute.getSize() > hdfSize) {
            throw new WeightFormatException(
                    at + ": attribute " + attribute.getName() + " of " + node.getPath() + " declares "
                            + attribute.getSize() + " names, more than the file's " + UntrustedFiles.bytes(hdfSize)
                            + " can hold");
        }
        Object data = attribute.getData();
        if (data instanceof String[] strings) {
            values.addAll(Arrays.asList(strings));
        } else if (data instanceof String string) {
            values.add(string);
        } else {
            throw new WeightFormatException(
                    at + ": attribute " + attribute.getName() + " of " + node.getPath() + " is not a list of names");
        }
    }

    private WeightTensor tensor(String name, Dataset dataset, String at) throws WeightFormatException {
        long[] dims = dataset.getDimensionsAsLong();
        long elements = UntrustedFiles.elements(dims, at + ": weight " + name);
        Shape shape = new Shape(dims);
        if (dataset.getJavaType() != float.class) {
            throw new WeightFormatException(
                    at + ": weight " + name + " " + shape + " is " + dataset.getJavaType().getSimpleName()
                            + ", expected float32");
        }
        long bytes = elements * Float.BYTES;
        // Keras writes uncompressed datasets: their size must fit in the file before we allocate.
        if (dataset.getFilters().isEmpty() && bytes > hdfSize) {
            throw new WeightFormatException(
                    at + ": weight " + name + " " + shape + " declares " + bytes + " bytes but the file holds "
                            + hdfSize);
        }
        budget.take(bytes, "weight " + name);
        Object data = dataset.isScalar() ? new float[] {(Float) dataset.getData()} : dataset.getDataFlat();
        return new WeightTensor(name, shape, (float[]) data);
    }
}
