package io.github.alexnetdjl.store;

import java.nio.file.Path;

/**
 * Named points inside the atomic replacements of {@link AtomicFiles}, where a test can stop the JVM as a
 * crash or a power loss would: when the system property {@value #PROPERTY} names a point, the JVM halts
 * there with status {@value #HALT_STATUS}, without running shutdown hooks or finally blocks. The points are
 * {@code replace-start:NAME} (the new directory complete, nothing renamed), {@code replace-aside:NAME} (the
 * old one renamed aside), {@code replace-moved:NAME} (the new one in place, the old one not yet deleted) and
 * {@code replace-done:NAME}, where NAME is the target's file name ({@code best}, {@code epoch-0002}).
 */
public final class CrashPoints {

    /** The system property naming the point to halt at. */
    public static final String PROPERTY = "alexnet.crashAt";

    /** The exit status of a halt at a crash point. */
    public static final int HALT_STATUS = 86;

    private CrashPoints() {}

    static void reach(String step, Path target) {
        String point = System.getProperty(PROPERTY);
        if (point != null && point.equals(step + ":" + target.getFileName())) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
