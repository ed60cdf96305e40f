package io.github.alexnetdjl.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.alexnetdjl.AlexNet;
import io.github.alexnetdjl.data.DecodedImages;
import io.github.alexnetdjl.data.ImageDecoder;
import io.github.alexnetdjl.engine.LibTorch;
import io.github.alexnetdjl.engine.ModelFactory;
import io.github.alexnetdjl.inference.AlexNetTranslator;
import io.github.alexnetdjl.model.AlexNetBlock;
import io.github.alexnetdjl.store.ModelDirectory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Features of any stage, as a hand-run of the saved network's stages computes them, and their files. */
class FeatureExtractorTest {

    @TempDir static Path temp;
    static Path model;
    static List<Path> images;

    @BeforeAll
    static void saveModel() throws Exception {
        model = TinyModel.save(temp.resolve("model"), 11);
        images = TinyModel.images(temp.resolve("images"), 5);
    }

    /** The images preprocessed as prediction does, one batch. */
    private static NDArray batch(NDManager manager, List<Path> files) throws Exception {
        int[] shape = TinyModel.CONFIG.getInputShape();
        float[] data = new float[files.size() * shape[0] * shape[1] * shape[2]];
        int size = shape[0] * shape[1] * shape[2];
        for (int i = 0; i < files.size(); i++) {
            float[] chw = AlexNetTranslator.preprocess(TinyModel.CONFIG, ImageDecoder.read(files.get(i)));
            System.arraycopy(chw, 0, data, i * size, size);
        }
        return manager.create(data, new Shape(files.size(), shape[0], shape[1], shape[2]));
    }

    @Test
    void everyStageEqualsAHandRunOfTheSavedNetworkFoldedOrNot() throws Exception {
        try (ModelDirectory saved = ModelDirectory.load(model, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            // The saved network, not rewritten, run stage by stage by hand.
            AlexNetBlock block = saved.getBlock();
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = batch(manager, images);
            List<float[]> expected = new ArrayList<>();
            for (String stage : AlexNetBlock.STAGES) {
                x = block.get(stage).forward(store, new NDList(x), false).singletonOrThrow();
                expected.add(x.toFloatArray());
            }
            for (boolean fold : new boolean[] {true, false}) {
                try (AlexNet alexnet = TinyModel.load(model, fold)) {
                    for (int s = 0; s < AlexNetBlock.STAGES.size(); s++) {
                        String stage = AlexNetBlock.STAGES.get(s);
                        FeatureExtractor extractor = FeatureExtractor.builder().setModel(alexnet).optStage(stage).build();
                        NDArray features = extractor.extract(batch(manager, images));
                        assertEquals(images.size(), features.getShape().get(0));
                        assertEquals(extractor.getFeatureSize() * images.size(), features.size(), stage);
                        assertClose(expected.get(s), features.toFloatArray(), stage + (fold ? " folded" : ""));
                    }
                }
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * scale, what + " value " + i);
        }
    }

    @Test
    void imagesArePreprocessedAsClassifyDoesAndGradModeIsRestored() throws Exception {
        boolean before = LibTorch.isGradMode();
        try (AlexNet alexnet = TinyModel.load(model, true);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            FeatureExtractor fc8 = FeatureExtractor.builder().setModel(alexnet).optStage("fc8").build();
            var djlImages = new ArrayList<ai.djl.modality.cv.Image>();
            for (Path file : images) {
                djlImages.add(ImageFactory.getInstance().fromImage(ImageDecoder.read(file)));
            }
            LibTorch.setGradMode(true);
            NDArray logits = fc8.extract(manager, djlImages);
            assertTrue(LibTorch.isGradMode(), "the caller's grad mode is restored");
            assertFalse(logits.hasGradient());
            float[] probabilities = logits.softmax(1).toFloatArray();
            for (int i = 0; i < images.size(); i++) {
                var classified = alexnet.classify(images.get(i));
                for (int c = 0; c < TinyModel.CLASSES.size(); c++) {
                    assertEquals(classified.get(TinyModel.CLASSES.get(c)).getProbability(),
                            probabilities[i * TinyModel.CLASSES.size() + c], 1e-6);
                }
            }
        } finally {
            LibTorch.setGradMode(before);
        }
    }

    @Test
    void npyFileReadsBackExactlyWithItsIndexAndSkipsUnreadableFiles() throws Exception {
        Path broken = temp.resolve("broken.jpg");
        Files.writeString(broken, "not an image");
        List<Path> files = new ArrayList<>(images);
        files.add(2, broken);
        Path out = temp.resolve("out").resolve("fc7.npy");
        List<DecodedImages.Skipped> heard = new ArrayList<>();
        List<Integer> progress = new ArrayList<>();
        ImageProgress listener = new ImageProgress() {
            @Override
            public void onImages(int done, int total) {
                progress.add(done);
                assertEquals(files.size(), total);
            }

            @Override
            public void onSkipped(DecodedImages.Skipped skipped) {
                heard.add(skipped);
            }
        };
        float[] expected;
        FeatureFile.Summary summary;
        try (AlexNet alexnet = TinyModel.load(model, true);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
            FeatureExtractor fc7 = FeatureExtractor.builder().setModel(alexnet).optBatchSize(2).build();
            summary = fc7.write(files, out, listener);
            // The same batches as the file's: the readable images two by two.
            List<Float> values = new ArrayList<>();
            for (int i = 0; i < images.size(); i += 2) {
                for (float v : fc7.extract(batch(manager, images.subList(i, Math.min(i + 2, images.size()))))
                        .toFloatArray()) {
                    values.add(v);
                }
            }
            expected = new float[values.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = values.get(i);
            }
        }
        assertEquals(List.of(new DecodedImages.Skipped(broken, heard.get(0).reason())), heard);
        assertTrue(heard.get(0).reason().contains(broken.toString()), heard.get(0).reason());
        assertEquals(heard, summary.skipped());
        assertEquals(files.size(), progress.get(progress.size() - 1));
        assertEquals(images.size(), summary.rows());
        assertEquals(16, summary.columns());

        byte[] bytes = Files.readAllBytes(out);
        long[] shape = npyShape(bytes);
        assertArrayEquals(new long[] {images.size(), 16}, shape);
        int dataStart = 10 + (ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff);
        assertEquals(0, dataStart % 64, "the data starts aligned, as NumPy writes it");
        float[] read = new float[(bytes.length - dataStart) / 4];
        ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(read);
        assertArrayEquals(expected, read);

        Path index = temp.resolve("out").resolve("fc7.csv");
        assertEquals(index, summary.index());
        List<String> lines = Files.readAllLines(index);
        List<String> expectedLines = new ArrayList<>(List.of("row,path"));
        for (int i = 0; i < images.size(); i++) {
            expectedLines.add(i + "," + images.get(i));
        }
        assertEquals(expectedLines, lines);
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(List.of("fc7.csv", "fc7.npy"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left");
        }
    }

    /** Parses the header as NumPy's format 1.0 defines it, independently of the writer. */
    static long[] npyShape(byte[] bytes) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(bytes, 8));
        int length = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        String header = new String(bytes, 10, length, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"), header);
        Matcher m = Pattern.compile("\\{'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), \\} *\n")
                .matcher(header);
        assertTrue(m.matches(), header);
        long[] shape = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        assertEquals(10 + length + shape[0] * shape[1] * 4, bytes.length, "the data is the shape's size");
        return shape;
    }

    @Test
    void noReadableImageGivesAnEmptyMatrix() throws Exception {
        Path broken = temp.resolve("empty").resolve("broken.png");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "");
        Path out = temp.resolve("empty").resolve("conv5.npy");
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            FeatureFile.Summary summary = FeatureExtractor.builder().setModel(alexnet).optStage("conv5").build()
                    .write(List.of(broken), out, ImageProgress.NONE);
            assertEquals(0, summary.rows());
            assertEquals(1, summary.skipped().size());
        }
        // conv5 of a 64x64 input: 8 channels of 1x1
        assertArrayEquals(new long[] {0, 8}, npyShape(Files.readAllBytes(out)));
        assertEquals(List.of("row,path"), Files.readAllLines(FeatureFile.indexFile(out)));
    }

    @Test
    void aFailedWriteLeavesTheOldFilesAndNoTemporaryOnes() throws Exception {
        Path dir = temp.resolve("failed");
        Files.createDirectories(dir);
        Path out = dir.resolve("fc6.npy");
        Files.writeString(out, "old matrix");
        Files.writeString(dir.resolve("fc6.csv"), "old index");
        ImageProgress failing = new ImageProgress() {
            @Override
            public void onImages(int done, int total) {
                throw new IllegalStateException("stop");
            }
        };
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            FeatureExtractor fc6 = FeatureExtractor.builder().setModel(alexnet).optStage("fc6").build();
            assertThrows(IllegalStateException.class, () -> fc6.write(images, out, failing));
        }
        assertEquals("old matrix", Files.readString(out));
        assertEquals("old index", Files.readString(dir.resolve("fc6.csv")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(2, left.count());
        }
    }

    @Test
    void badStageAndFileNamesAreRefusedByName() throws Exception {
        try (AlexNet alexnet = TinyModel.load(model, true)) {
            IllegalArgumentException stage = assertThrows(IllegalArgumentException.class,
                    () -> FeatureExtractor.builder().setModel(alexnet).optStage("fc9").build());
            assertEquals("stage: expected one of " + AlexNetBlock.STAGES + ", got fc9", stage.getMessage());
            FeatureExtractor fc7 = FeatureExtractor.builder().setModel(alexnet).build();
            Path out = temp.resolve("names").resolve("fc7.bin");
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                    () -> fc7.write(images, out, ImageProgress.NONE));
            assertEquals("feature file: expected a name ending in .npy, got " + out, name.getMessage());
            assertFalse(Files.exists(out.getParent()), "nothing was created");
        }
    }

    @Test
    void csvFieldsAreQuotedWhenTheyNeedIt() {
        assertEquals("a/b.png", FeatureFile.csvField("a/b.png"));
        assertEquals("\"a,b.png\"", FeatureFile.csvField("a,b.png"));
        assertEquals("\"say \"\"hi\"\".png\"", FeatureFile.csvField("say \"hi\".png"));
        assertEquals("\" lead.png\"", FeatureFile.csvField(" lead.png"));
    }
}
