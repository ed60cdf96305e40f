package io.github.alexnetdjl.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.github.alexnetdjl.nn.MaxPool2d;
import io.github.alexnetdjl.nn.ReLU;
import io.github.alexnetdjl.nn.SameConv2d;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras's text conventions; expected values are what Python and Keras's own functions return. */
class KerasFormatTest {

    @Test
    void snakeCaseIsKerasToSnakeCase() {
        assertEquals("max_pooling2d", KerasNames.snakeCase("MaxPooling2D"));
        assertEquals("re_lu", KerasNames.snakeCase("ReLU"));
        assertEquals("batch_normalization", KerasNames.snakeCase("BatchNormalization"));
        assertEquals("conv2d", KerasNames.snakeCase("Conv2D"));
        assertEquals("local_response_norm", KerasNames.snakeCase("LocalResponseNorm"));
        assertEquals("adaptive_avg_pool2d", KerasNames.snakeCase("AdaptiveAvgPool2d"));
        assertEquals("private__hidden", KerasNames.snakeCase("_Hidden"));
        assertEquals("gelu", KerasNames.snakeCase("GELU"));
    }

    @Test
    void blocksAreNamedAfterTheirKerasClassAndNumberedPerName() {
        KerasNames names = new KerasNames();
        Conv2d djlConv = Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).build();
        assertEquals("conv2d", names.next(new SameConv2d(4, 3, 1, 1)));
        assertEquals("conv2d_1", names.next(djlConv));
        assertEquals("batch_normalization", names.next(BatchNorm.builder().build()));
        assertEquals("re_lu", names.next(new ReLU()));
        assertEquals("conv2d_2", names.next(djlConv));
        assertEquals("max_pooling2d", names.next(new MaxPool2d(3, 2)));
        assertEquals("MaxPooling2D", KerasNames.type(new MaxPool2d(3, 2)));
        assertEquals("Conv2D", KerasNames.type(new SameConv2d(4, 3, 1, 1)));
    }

    @Test
    void sizesArePythonsTwoDecimalsRoundedHalfToEven() {
        assertEquals("0.00 Byte", ReadableSize.of(0, "Byte"));
        assertEquals("1023.00 Byte", ReadableSize.of(1023, "Byte"));
        assertEquals("1.00 KB", ReadableSize.of(1024, "Byte"));
        assertEquals("1.12 KB", ReadableSize.of(1152, "Byte")); // 1.125: String.format would say 1.13
        assertEquals("1.38 KB", ReadableSize.of(1408, "Byte")); // 1.375
        assertEquals("2.75 KB", ReadableSize.of(2816, "B"));
        assertEquals("237.96 MB", ReadableSize.of(249_519_008L, "B"));
        assertEquals("5.00 PB", ReadableSize.of(5L << 50, "B"));
        assertEquals("3.00 PB", ReadableSize.of(3L << 60, "B"));
        assertEquals("12.00 B", ReadableSize.of(12, "B"));
    }

    @Test
    void shapesArePythonTuplesWithNoneForTheBatch() {
        assertEquals("(None, 96, 56, 56)", ShapeText.tuple(new Shape(7, 96, 56, 56)));
        assertEquals("(None,)", ShapeText.tuple(new Shape(7)));
        assertEquals("(None)", ShapeText.keras3(new Shape(7)));
        assertEquals("(None, None, 4)", ShapeText.tuple(new Shape(1, -1, 4)));
        assertEquals("[(None, 3, 224, 224)]", ShapeText.list(List.of(new Shape(1, 3, 224, 224))));
        assertEquals("[(None, 2), (None, 5)]", ShapeText.outputs(List.of(new Shape(1, 2), new Shape(1, 5))));
    }

    @Test
    void richWrapsWordsAndCutsTheTooLongWithAnEllipsis() {
        assertEquals(List.of("batch_normalization ", "(BatchNormalization)"),
                RichWrap.wrap("batch_normalization (BatchNormalization)", 22));
        assertEquals(List.of("1,327,…"), RichWrap.wrap("1,327,488", 7));
        assertEquals(List.of("Tr…"), RichWrap.wrap("Trainable", 3));
        assertEquals(List.of(""), RichWrap.wrap("", 5));
        assertEquals(List.of("a b c"), RichWrap.wrap("a b c", 5));
    }
}
