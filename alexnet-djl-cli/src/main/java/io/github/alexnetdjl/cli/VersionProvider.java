package io.github.alexnetdjl.cli;

import ai.djl.engine.Engine;
import picocli.CommandLine;

/** Prints this library's version and DJL's, for {@code --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String own = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "alexnet-djl " + (own == null ? "(development build)" : own),
            "DJL " + Engine.getDjlVersion()
        };
    }
}
