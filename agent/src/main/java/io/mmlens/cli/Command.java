package io.mmlens.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** What every CLI command shares: its output streams and the option parsing with --help. */
abstract class Command {

  final PrintStream out;
  final PrintStream err;

  Command(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command; returns the exit code. */
  abstract int run(String[] argv);

  /** The options after the command name, or null when --help was asked for (usage printed). */
  Args options(String[] argv, String usage, String valued, String flags) {
    Args a = Args.parse(argv, 1, names(valued), names(flags + " help"));
    if (a.has("help")) {
      out.print(usage);
      return null;
    }
    return a;
  }

  private static Set<String> names(String spaceSeparated) {
    return new HashSet<>(Arrays.asList(spaceSeparated.trim().split("\\s+")));
  }
}
