package io.github.alexnetdjl.weights;

import java.io.IOException;

/**
 * A weight file that cannot be imported: not in a supported format, damaged, refused as unsafe, or not
 * matching the model. The message names the file's tensor (or the offending part) and what was expected.
 */
public class WeightFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what was expected
     */
    public WeightFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and what was expected
     * @param cause the underlying error
     */
    public WeightFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
