package io.github.alexnetdjl.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code --layer} option of the commands that look inside the network: a stage's name. */
final class StageOption {

    private StageOption() {}

    /**
     * Refuses a stage name the command cannot take, naming the option as picocli names a bad value.
     *
     * @param spec the command
     * @param stage the value given
     * @param stages the stages the command takes
     * @return the stage
     */
    static String check(CommandSpec spec, String stage, List<String> stages) {
        if (!stages.contains(stage)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--layer':"
                    + " expected one of " + stages + " but was '" + stage + "'");
        }
        return stage;
    }
}
