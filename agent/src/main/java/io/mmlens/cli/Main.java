package io.mmlens.cli;

import java.util.Arrays;

/**
 * {@code java -jar mmlens-agent.jar <command>}: dispatches subcommands. Minimal version created
 * by the agent branch for {@code daemon}; the integrator adds {@code snapshot} and {@code analyze}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: mmlens <command> [options]   commands: daemon");
      System.exit(2);
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "daemon":
        System.exit(DaemonCommand.run(rest));
        return;
      default:
        System.err.println("mmlens: unknown command '" + args[0] + "' (commands: daemon)");
        System.exit(2);
    }
  }
}
