package io.mmlens.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code mmlens} command line: the Main-Class of mmlens-agent.jar. */
public final class Main {

  static final String USAGE =
      "usage: mmlens <command> [options]\n"
          + "\n"
          + "commands:\n"
          + "  snapshot   zones, watermarks, free blocks and fragmentation of this host (or --proc-root)\n"
          + "  analyze    explain OOM kills and page allocation failures found in kernel logs\n"
          + "  daemon     export the host's memory metrics and kernel events through OpenTelemetry\n"
          + "\n"
          + "Run 'mmlens <command> --help' for the command's options.\n";

  public static void main(String[] argv) throws Exception {
    // The agent jar targets Java 11: PrintStream(OutputStream, boolean, Charset) is Java 10+.
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    PrintStream err = new PrintStream(System.err, true, "UTF-8");
    if (argv.length > 0 && argv[0].equals("daemon")) {
      System.exit(DaemonCommand.run(Arrays.copyOfRange(argv, 1, argv.length)));
      return;
    }
    int code = run(argv, out, err);
    out.flush();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the process exit code (0 ok, 1 input problems, 2 usage). */
  static int run(String[] argv, PrintStream out, PrintStream err) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
      (argv.length == 0 ? err : out).print(USAGE);
      return argv.length == 0 ? 2 : 0;
    }
    String command = argv[0];
    try {
      switch (command) {
        case "snapshot":
          return new SnapshotCommand(out, err).run(argv);
        case "analyze":
          return new AnalyzeCommand(out, err).run(argv);
        default:
          err.println("mmlens: unknown command '" + Terminal.safe(command) + "'");
          err.print(USAGE);
          return 2;
      }
    } catch (Args.UsageException e) {
      err.println("mmlens " + command + ": " + e.getMessage());
      err.println("Run 'mmlens " + command + " --help' for the options.");
      return 2;
    }
  }

  private Main() {}
}
