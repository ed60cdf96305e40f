package io.github.alexnetdjl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.json is untrusted: out-of-range values are refused naming the field and the range. */
class ModelConfigTest {

    private static final String BASE = "\"variant\": \"seed\", \"numClasses\": 3, \"filters\": [4, 8, 8, 8, 8],"
            + " \"denseUnits\": [16, 16]";

    private static String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson(json)).getMessage();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"inputShape\": [3, 64, 64], \"resize\": 2000000000 | resize: expected 64 to 4096, got 2000000000",
                "\"inputShape\": [3, 100000, 100000] | inputShape's height: expected 1 to 2048, got 100000",
                "\"inputShape\": [3, 64, 0] | inputShape's width: expected 1 to 2048, got 0",
                "\"inputShape\": [100, 64, 64] | inputShape's channels: expected 1 to 16, got 100",
                "\"inputShape\": [3, 64, 64], \"numClasses\": 2000000 | numClasses: expected 1 to 100000, got 2000000",
                "\"inputShape\": [3, 64, 64], \"filters\": [4, 8, 100000, 8, 8] | filters: expected 1 to 4096, got 100000",
                "\"inputShape\": [3, 64, 64], \"filters\": [4, 8] | filters: expected 5 values [conv1, conv2, conv3,"
                        + " conv4, conv5], got [4, 8]",
                "\"inputShape\": [3, 64, 64], \"denseUnits\": [16, -1] | denseUnits: expected 1 to 65536, got -1",
                "\"inputShape\": [3, 64, 64], \"dropout\": 1.5 | dropout: expected a rate in [0, 1), got 1.5",
                "\"inputShape\": [3, 64, 64], \"kernels\": [11, 5, 3, 3, 100000] | kernels: expected 1 to 2048, got"
                        + " 100000",
                "\"inputShape\": [3, 64, 64], \"strides\": [4, 1, 1] | strides: expected 5 values [conv1, conv2,"
                        + " conv3, conv4, conv5], got [4, 1, 1]",
                "\"inputShape\": [3, 64, 64], \"pool\": {\"size\": 0} | pool.size: expected 1 to 2048, got 0",
                "\"inputShape\": [3, 64, 64], \"batchNormParameters\": {\"epsilon\": 0} | batchNorm: expected epsilon"
                        + " > 0 and momentum in [0, 1], got epsilon 0.0, momentum 0.99",
                "\"inputShape\": [3, 64, 64], \"output\": \"logits\" | output: expected softmax (a model directory"
                        + " holds the network with its softmax), got logits",
                "\"inputShape\": [3, 64, 64], \"groups\": [1, 2, 1, 2, 2] | groups: SEED fixes it as its source does"
                        + " ([1, 1, 1, 1, 1]), got [1, 2, 1, 2, 2]",
                "\"inputShape\": [3, 64, 64], \"lrn\": {} | lrn: SEED has no LRN, got Lrn[size=5, k=2.0, alpha=1.0E-4,"
                        + " beta=0.75, scaling=PAPER]",
                "\"variant\": \"paper\", \"inputShape\": [3, 67, 67], \"kernels\": [7, 5, 3, 3, 3] | kernels: PAPER"
                        + " fixes it as its source does ([11, 5, 3, 3, 3]), got [7, 5, 3, 3, 3]",
                "\"variant\": \"paper\", \"inputShape\": [3, 67, 67], \"batchNorm\": true | batchNorm: PAPER has"
                        + " none, got BatchNorm[epsilon=0.001, momentum=0.99]",
                "\"variant\": \"paper\", \"inputShape\": [3, 67, 67], \"lrn\": {\"k\": \"Infinity\"} | lrn.k:"
                        + " expected a finite number, got Infinity",
                "\"variant\": \"paper\", \"inputShape\": [3, 67, 67], \"lrn\": {\"scaling\": \"mean\"} |"
                        + " lrn.scaling: expected one of [paper, average], got mean",
            })
    void outOfRangeFieldsAreNamedWithTheirRange(String fields, String message) {
        // later keys win in Gson, so the case's fields override BASE's
        assertEquals(message, refusal("{" + BASE + ", " + fields + "}"));
    }

    @Test
    void nonFiniteNormalizationIsRefused() {
        String message = refusal("{" + BASE + ", \"inputShape\": [3, 64, 64], \"mean\": [0.5, \"NaN\", 0.5],"
                + " \"std\": [1, 1, 1]}");
        assertEquals("mean and std: expected finite means and finite positive standard deviations, got"
                + " [0.5, NaN, 0.5] and [1.0, 1.0, 1.0]", message);
        message = refusal("{" + BASE + ", \"inputShape\": [3, 64, 64], \"std\": [1, \"Infinity\", 1]}");
        assertEquals("mean and std: expected finite means and finite positive standard deviations, got"
                + " [0.485, 0.456, 0.406] and [1.0, Infinity, 1.0]", message);
    }

    @Test
    void aLayerBeyondTheTensorLimitIsRefusedAlthoughEveryFieldIsInRange() {
        // the notebook's network at 2048 x 2048: conv5's pooled map is 256 x 63 x 63, so fc6 has
        // 4096 x 1,016,064 weights
        String message = refusal("{\"variant\": \"seed\", \"numClasses\": 1000, \"inputShape\": [3, 2048, 2048]}");
        assertEquals("fc6.dense would have 4,161,798,144 weights for the input 2048x2048, more than the limit of"
                + " 268,435,456 per tensor; lower the input size, filters or dense units", message);
    }

    @Test
    void theBuilderAppliesTheSameLimits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelConfig.builder().optInputShape(3, 100000, 100000).build());
        assertEquals("inputShape's height: expected 1 to 2048, got 100000", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().optResize(2_000_000_000).build());
        assertEquals("resize: expected 224 to 4096, got 2000000000", e.getMessage());
    }

    @Test
    void theRealNetworksAreWithinTheLimits() {
        for (String variant : ModelConfig.VARIANTS) {
            ModelConfig config = ModelConfig.builder().optVariant(variant).optInputShape(3, 227, 227).build();
            assertEquals(ModelConfig.fromJson(config.toJson()).toJson(), config.toJson());
        }
    }
}
