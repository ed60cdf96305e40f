package io.github.alexnetdjl.inference;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.BaseImageTranslatorFactory;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.translate.TranslatorOptions;
import ai.djl.util.Pair;
import io.github.alexnetdjl.store.ModelDirectory;
import io.github.alexnetdjl.store.ServingProperties;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link AlexNetTranslator}s for DJL's {@code Criteria}: named in a model directory's {@link
 * ServingProperties}, it reads the directory's {@code config.json} (input size, resize, normalization) and
 * {@code classes.txt}. Besides {@code Image} it takes what DJL's image translators take ({@code Path}, {@code
 * URL}, {@code InputStream}, and DJL Serving's {@code Input}), always to {@code Classifications}.
 */
public final class AlexNetTranslatorFactory implements TranslatorFactory {

    /** DJL's expansions of an image translator to the other input types. */
    private static final Expansions EXPANSIONS = new Expansions();

    /** Creates the factory; DJL does, by the name in {@code serving.properties}. */
    public AlexNetTranslatorFactory() {}

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return EXPANSIONS.getSupportedTypes();
    }

    /**
     * Returns a translator for a loaded model directory.
     *
     * @param input the input class
     * @param output the output class
     * @param model the loaded model; its model path is the model directory
     * @param arguments the {@code Criteria}'s arguments (unused)
     * @return the translator
     * @throws TranslateException naming the file, when the configuration or class names cannot be read
     */
    @Override
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        Path directory = model.getModelPath();
        AlexNetTranslator translator;
        try {
            translator = AlexNetTranslator.of(ModelDirectory.readConfig(directory), ModelDirectory.readClasses(directory));
        } catch (IOException e) {
            throw new TranslateException(e.getMessage(), e);
        }
        TranslatorOptions options = EXPANSIONS.withTranslator(translator);
        return options.option(input, output);
    }

    /** DJL's image expansions; the base translator comes from the model directory instead of arguments. */
    private static final class Expansions extends BaseImageTranslatorFactory<Classifications> {

        @Override
        protected Translator<Image, Classifications> buildBaseTranslator(Model model, Map<String, ?> arguments) {
            throw new UnsupportedOperationException("translators are made from a model directory");
        }

        @Override
        public Class<Classifications> getBaseOutputType() {
            return Classifications.class;
        }
    }
}
