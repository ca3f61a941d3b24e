package io.mmlens.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tiny GNU-style option parser for the CLI: {@code --name value}, {@code --name=value}, flags. */
final class Args {

  private final Map<String, String> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  /**
   * @param valued options that take a value
   * @param flags options that take none
   * @throws UsageException naming the unknown option or the missing value
   */
  static Args parse(String[] argv, int from, Set<String> valued, Set<String> flags) {
    Args a = new Args();
    boolean onlyPositional = false;
    for (int i = from; i < argv.length; i++) {
      String s = argv[i];
      if (onlyPositional || !s.startsWith("--") || s.equals("-")) {
        if (s.equals("--")) {
          onlyPositional = true;
          continue;
        }
        a.positional.add(s);
        continue;
      }
      String name = s.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        a.options.put(name, "true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length) {
            throw new UsageException("option --" + name + " needs a value");
          }
          value = argv[++i];
        }
        a.options.put(name, value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return a;
  }

  String get(String name, String dflt) {
    return options.getOrDefault(name, dflt);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  int intValue(String name, int dflt, int min, int max) {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new UsageException(
            "option --" + name + " must be between " + min + " and " + max + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " needs a whole number, got '" + v + "'");
    }
  }

  String choice(String name, String dflt, String... allowed) {
    String v = get(name, dflt);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new UsageException(
        "option --" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
  }

  List<String> positional() {
    return positional;
  }

  /** A command-line mistake; Main prints the message and the command's usage, exit code 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
