package io.github.alexnetdjl.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Heatmaps resized as torch's bilinear interpolation without aligned corners, and drawn over their image. */
class HeatmapTest {

    @Test
    void resizingPlacesValuesAtCellCentresAndContinuesTheEdges() {
        Heatmap map = new Heatmap(1, new float[][] {{0, 1}, {2, 3}});
        // torch.nn.functional.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=4, mode="bilinear",
        // align_corners=False)
        float[][] expected = {
            {0f, 0.25f, 0.75f, 1f}, {0.5f, 0.75f, 1.25f, 1.5f}, {1.5f, 1.75f, 2.25f, 2.5f}, {2f, 2.25f, 2.75f, 3f}
        };
        Heatmap resized = map.resized(4, 4);
        assertEquals(1, resized.getClassIndex());
        for (int y = 0; y < 4; y++) {
            assertArrayEquals(expected[y], resized.getValues()[y], 1e-6f, "row " + y);
        }
        assertArrayEquals(new int[] {3, 3}, resized.peak());
        assertArrayEquals(new float[] {1f, 2f}, map.resized(1, 2).getValues()[0], 1e-6f);
    }

    @Test
    void raggedOrEmptyGridsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Heatmap(0, new float[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> new Heatmap(0, new float[0][0]));
    }

    @Test
    void thePictureShowsTheImageAndTheHeatOverItRedWhereItIsLargest() {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, 0x808080 + x);
            }
        }
        // hot in the top-left cell, nothing elsewhere, one negative value that counts as nothing
        Heatmap map = new Heatmap(0, new float[][] {{2, 0, 0, 0}, {0, 0, 0, -5}});
        BufferedImage picture = HeatmapPicture.draw(image, map);
        // the shorter side, 32, is enlarged 6 times to reach 192
        assertEquals(2 * 384 + 4, picture.getWidth());
        assertEquals(192, picture.getHeight());
        assertEquals(0x808080 + 10, picture.getRGB(6 * 10 + 3, 100) & 0xffffff, "the image, enlarged");
        int hot = picture.getRGB(384 + 4 + 5, 5);
        int cold = picture.getRGB(384 + 4 + 380, 180);
        assertTrue(((hot >> 16) & 0xff) > (hot & 0xff) + 50, Integer.toHexString(hot));
        assertTrue((cold & 0xff) > ((cold >> 16) & 0xff) + 50, Integer.toHexString(cold));
        assertEquals(0x800000, HeatmapPicture.jet(1));
        assertEquals(0x000080, HeatmapPicture.jet(0));
    }
}
