/**
 * The {@code ./alexnet} command line: {@link io.github.alexnetdjl.cli.Main} and one class per subcommand.
 */
package io.github.alexnetdjl.cli;
