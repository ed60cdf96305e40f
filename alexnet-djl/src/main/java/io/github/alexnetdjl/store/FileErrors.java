package io.github.alexnetdjl.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Words for I/O failures: the JDK's often carry nothing but a path, and an end of file nothing at all. */
public final class FileErrors {

    private FileErrors() {}

    /**
     * Says in words what went wrong with a file.
     *
     * @param e the failure
     * @return its reason; for a file-system exception without the path, which the caller names
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason()
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof DirectoryNotEmptyException ? "directory not empty"
                    : "cannot be accessed";
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return e instanceof EOFException ? "a file ended early" : "an input/output error";
        }
        return e.getMessage();
    }

    /**
     * Restates a failure to write a file so that it names that file, not the temporary file or the directory
     * the failing call touched, keeping the JDK's type where it says what happened (so that callers can still
     * catch {@link AccessDeniedException} or {@link NoSuchFileException}).
     *
     * @param file the file the caller asked to write, as the caller named it
     * @param e the failure
     * @return a file-system exception for {@code file} with the failure as its cause
     */
    static FileSystemException cannotWrite(Path file, IOException e) {
        String reason = "cannot be written (" + reason(e) + ")";
        FileSystemException restated = e instanceof AccessDeniedException
                ? new AccessDeniedException(file.toString(), null, reason)
                : e instanceof NoSuchFileException
                        ? new NoSuchFileException(file.toString(), null, reason)
                        : new FileSystemException(file.toString(), null, reason);
        restated.initCause(e);
        return restated;
    }
}
