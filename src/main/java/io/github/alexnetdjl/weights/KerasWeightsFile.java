package io.github.alexnetdjl.weights;

import ai.djl.ndarray.types.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class KerasWeightsFile {

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String KERAS3_ENTRY = "model.weights.h5";
    private static final Pattern SUFFIX = Pattern.compile("(.*?)(?:_(\\d+))?");

    private KerasWeightsFile() {}

    /**
     * Reads the layers that Keras saved, in the model's order.
     *
     * @param file a {@code .h5}, {@code .weights.h5} or {@code .keras} file
     * @return the layers, with and without weights
     * @throws WeightFormatException if the file is not one of these formats or holds a non-float32 weight
     * @throws IOException if the file cannot be read
     */
    public static List<KerasLayerWeights> read(Path file) throws IOException {
        byte[] magic = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            magic = Arrays.copyOf(magic, in.readNBytes(magic, 0, magic.length));
        }
        try {
            if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                try (HdfFile hdf = HdfFile.fromBytes(kerasZipEntry(file))) {
                    return read(hdf, file + "!" + KERAS3_ENTRY);
                }
            }
            if (!Arrays.equals(magic, HDF5_MAGIC)) {
                throw new WeightFormatException(
                        file + ": not a Keras weight file: expected HDF5 (.h5, .weights.h5) or a .keras zip");
            }
            try (HdfFile hdf = new HdfFile(file)) {
                return read(hdf, file.toString());
            }
        } catch (HdfException e) {
            throw new WeightFormatException(file + ": unreadable HDF5: " + e.getMessage(), e);
        }
    }

    private static byte[] kerasZipEntry(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(KERAS3_ENTRY);
            if (entry == null) {
                throw new WeightFormatException(
                        file + ": a zip without " + KERAS3_ENTRY + ", so not a Keras 3 .keras file with HDF5 weights");
            }
            if (entry.getSize() > Integer.MAX_VALUE - 8) {
                throw new WeightFormatException(file + ": " + KERAS3_ENTRY + " is larger than 2 GB");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] bytes = in.readNBytes(Integer.MAX_VALUE - 8);
                if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
                    throw new WeightFormatException(file + ": " + KERAS3_ENTRY + " is truncated");
                }
                return bytes;
            }
        }
    }

    private static List<KerasLayerWeights> read(HdfFile hdf, String where) throws WeightFormatException {
        if (hdf.getAttribute("layer_names") != null || hdf.getAttribute("layer_names0") != null) {
            return readLegacy(hdf, where);
        }
        Node modelWeights = hdf.getChild("model_weights");
        if (modelWeights instanceof Group group) {
            return readLegacy(group, where + ":/model_weights");
        }
        for (String name : List.of("layers", "_layer_checkpoint_dependencies")) {
            if (hdf.getChild(name) instanceof Group layers) {
                return readKeras3(layers, where);
            }
        }
        throw new WeightFormatException(
                where
                        + ": HDF5 without Keras weights: expected a layer_names attribute (tf.keras 2.x),"
                        + " a model_weights group (tf.keras 2.x model.save) or a layers group (Keras 3)");
    }

    private static List<KerasLayerWeights> readLegacy(Group root, String where) throws WeightFormatException {
        List<KerasLayerWeights> layers = new ArrayList<>();
        for (String layerName : strings(root, "layer_names", where)) {
            if (!(root.getChild(layerName) instanceof Group layer)) {
                throw new WeightFormatException(where + ": layer " + layerName + " is listed but has no group");
            }
            List<WeightTensor> weights = new ArrayList<>();
            for (String weightName : strings(layer, "weight_names", where)) {
                Node node = layer.getByPath(weightName);
                if (!(node instanceof Dataset dataset)) {
                    throw new WeightFormatException(
                            where + ": weight " + weightName + " of layer " + layerName + " is missing");
                }
                weights.add(tensor(layerName + "/" + weightName, dataset, where));
            }
            layers.add(new KerasLayerWeights(layerName, List.copyOf(weights)));
        }
        return layers;
    }

    private static List<KerasLayerWeights> readKeras3(Group layersGroup, String where)
            throws WeightFormatException {
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
        return m.matches() && m.group(2) != null ? Long.parseLong(m.group(2)) : 0;
    }

    /** Reads a string list attribute, also when Keras split it into name0, name1, ... chunks. */
    private static List<String> strings(Node node, String name, String where) throws WeightFormatException {
        List<String> values = new ArrayList<>();
        Attribute whole = node.getAttribute(name);
        if (whole != null) {
            addStrings(values, whole, node, where);
            return values;
        }
        for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
            addStrings(values, node.getAttribute(name + chunk), node, where);
        }
        if (values.isEmpty() && node.getAttribute(name + "0") == null) {
            throw new WeightFormatException(where + ": " + node.getPath() + " has no " + name + " attribute");
        }
        return values;
    }

    private static void addStrings(List<String> values, Attribute attribute, Node node, String where)
            throws WeightFormatException {
        if (attribute.isEmpty() || attribute.getSize() == 0) {
            return;
        }
        Object data = attribute.getData();
        if (data instanceof String[] strings) {
            values.addAll(Arrays.asList(strings));
        } else if (data instanceof String string) {
            values.add(string);
        } else {
            throw new WeightFormatException(
                    where + ": attribute " + attribute.getName() + " of " + node.getPath() + " is not a list of names");
        }
    }

    private static WeightTensor tensor(String name, Dataset dataset, String where) throws WeightFormatException {
        Shape shape = new Shape(dataset.getDimensionsAsLong());
        if (dataset.getJavaType() != float.class) {
            throw new WeightFormatException(
                    where + ": weight " + name + " " + shape + " is " + dataset.getJavaType().getSimpleName()
                            + ", expected float32");
        }
        if (shape.size() > Integer.MAX_VALUE - 8) {
            throw new WeightFormatException(where + ": weight " + name + " " + shape + " is too large");
        }
        // Keras writes uncompressed datasets: their declared size must fit in the file before we allocate.
        long fileSize = dataset.getHdfFile().size();
        if (dataset.getFilters().isEmpty() && dataset.getSizeInBytes() > fileSize) {
            throw new WeightFormatException(
                    where + ": weight " + name + " " + shape + " declares " + dataset.getSizeInBytes()
                            + " bytes but the file holds " + fileSize);
        }
        Object data = dataset.isScalar() ? new float[] {(Float) dataset.getData()} : dataset.getDataFlat();
        return new WeightTensor(name, shape, (float[]) data);
    }
}
