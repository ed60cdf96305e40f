package io.github.alexnetdjl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key map both ways, and its errors. */
class TorchvisionKeysTest {

    @Test
    void mapsBothWaysOneToOne() {
        assertEquals("features.0.weight", TorchvisionKeys.toTorchvision("conv1.conv.weight"));
        assertEquals("features.10.bias", TorchvisionKeys.toTorchvision("conv5.conv.bias"));
        assertEquals("classifier.1.weight", TorchvisionKeys.toTorchvision("fc6.dense.weight"));
        assertEquals("fc8.dense.bias", TorchvisionKeys.fromTorchvision("classifier.6.bias"));
        assertEquals("conv4.conv.weight", TorchvisionKeys.fromTorchvision("features.8.weight"));
        Map<String, String> all = TorchvisionKeys.all();
        assertEquals(16, all.size());
        for (Map.Entry<String, String> e : all.entrySet()) {
            assertEquals(e.getKey(), TorchvisionKeys.fromTorchvision(e.getValue()));
        }
        assertEquals(16, Map.copyOf(all).values().stream().distinct().count());
    }

    @Test
    void unknownNamesFailListingTheKnownOnes() {
        IllegalArgumentException ours =
                assertThrows(IllegalArgumentException.class, () -> TorchvisionKeys.toTorchvision("conv1.bn.gamma"));
        assertTrue(ours.getMessage().contains("conv1.bn.gamma") && ours.getMessage().contains("conv1.conv.weight"),
                ours.getMessage());
        IllegalArgumentException theirs =
                assertThrows(
                        IllegalArgumentException.class, () -> TorchvisionKeys.fromTorchvision("features.1.weight"));
        assertTrue(theirs.getMessage().contains("features.1.weight"), theirs.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> TorchvisionKeys.all().put("a", "b"));
    }

    @Test
    void variantNamesParseIgnoringCase() {
        assertEquals(Variant.PAPER, Variant.parse("paper"));
        assertEquals(Variant.TORCHVISION, Variant.parse(" TorchVision "));
        assertEquals(Variant.SEED, Variant.parse("SEED"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Variant.parse("vgg"));
        assertTrue(unknown.getMessage().contains("[seed, paper, torchvision]"), unknown.getMessage());
        assertEquals(227, Variant.PAPER.getDefaultInputSide());
        assertEquals(64, Variant.TORCHVISION.getDefaultFilters()[0]);
    }
}
