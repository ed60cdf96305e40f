package io.github.alexnetdjl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Opens JShell with the library on the class path and its imports preloaded. */
@Command(
        name = "shell",
        mixinStandardHelpOptions = true,
        description = {
            "Opens JShell with alexnet-djl and DJL on the class path and their imports preloaded.",
            "Try: var alexnet = AlexNet.build(); alexnet.summary();"
        })
final class ShellCommand implements Callable<Integer> {

    /** The imports a JShell session starts with. */
    static final String STARTUP =
            String.join(
                    "\n",
                    "import ai.djl.*;",
                    "import ai.djl.ndarray.*;",
                    "import ai.djl.ndarray.types.*;",
                    "import ai.djl.nn.*;",
                    "import io.github.alexnetdjl.*;",
                    "import io.github.alexnetdjl.engine.*;",
                    "import io.github.alexnetdjl.model.*;",
                    "import io.github.alexnetdjl.summary.*;",
                    "System.setProperty(\"offline\", \"true\");",
                    "System.setProperty(\"OPT_OUT_TRACKING\", \"true\");",
                    "");

    @Spec private CommandSpec spec;

    @Option(names = "--print-command", description = "Print the jshell command, one argument per line, instead of running it.")
    private boolean printCommand;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path startup = Files.createTempFile("alexnet-jshell", ".jsh");
        startup.toFile().deleteOnExit();
        Files.writeString(startup, STARTUP, StandardCharsets.UTF_8);
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jshell = javaHome.resolve("bin").resolve("jshell");
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(jshell) ? jshell.toString() : "jshell");
        command.add("--class-path");
        command.add(System.getProperty("java.class.path"));
        command.add("-R-Doffline=true");
        command.add("-R-DOPT_OUT_TRACKING=true");
        // DJL's start-up chatter would bury the first result; the library's own device line stays.
        Main.DJL_LOG_LEVELS.forEach((logger, level) -> command.add("-R-D" + logger + "=" + level));
        command.add("--startup");
        command.add("DEFAULT");
        command.add("--startup");
        command.add(startup.toString());
        if (printCommand) {
            // One argument per line: the class path may contain spaces.
            command.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return 0;
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
