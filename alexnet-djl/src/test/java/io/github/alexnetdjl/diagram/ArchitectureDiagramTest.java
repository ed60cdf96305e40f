package io.github.alexnetdjl.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.alexnetdjl.model.AlexNetBlock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ArchitectureDiagramTest {

    @Test
    void drawsEveryStageWithItsLayersAndShapeAsWellFormedSvg() throws Exception {
        AlexNetBlock block = AlexNetBlock.builder().build();
        String svg = ArchitectureDiagram.svg("A & B", block.getSpec());
        Document doc =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList texts = doc.getElementsByTagName("text");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent());
        }
        assertEquals("A & B", labels.get(0));
        // name, shape, then the layers, for each column
        assertEquals(
                List.of("conv1", "96x27x27", "Conv 96@11x11/4 same", "BatchNorm", "ReLU", "MaxPool 3/2"),
                labels.subList(labels.indexOf("conv1"), labels.indexOf("conv1") + 6));
        assertEquals(
                List.of("fc6", "4096", "Flatten", "Dense 4096", "ReLU", "Dropout"),
                labels.subList(labels.indexOf("fc6"), labels.indexOf("fc6") + 6));
        assertEquals(
                List.of("output", "1000", "Softmax"),
                labels.subList(labels.indexOf("output"), labels.indexOf("output") + 3));
        assertEquals("3x224x224", labels.get(labels.indexOf("input") + 1));
    }
}
