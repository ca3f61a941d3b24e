package io.mmlens.cli;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.json.Json;
import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/** {@code mmlens analyze [FILE…|-]}: finds and explains kernel memory-failure reports in logs. */
final class AnalyzeCommand extends Command {

  static final String USAGE =
      "usage: mmlens analyze [options] [FILE...|-]\n"
          + "\n"
          + "Finds OOM kills, page allocation failures and memcg OOMs in kernel logs (dmesg, syslog,\n"
          + "journalctl, /dev/kmsg dumps; gzip is read transparently; '-' or no FILE reads stdin)\n"
          + "and explains each: the request, every zone against its watermarks, the verdict.\n"
          + "\n"
          + "options:\n"
          + "  --format text|json   explanation (default) or one JSON object per report per line\n"
          + "                       (fields in docs/fields.md)\n"
          + "  --kernel RELEASE     decode gfp masks with this kernel's flag table (e.g. 3.10.0),\n"
          + "                       overriding the release printed in the report\n";

  AnalyzeCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  int run(String[] argv) {
    Args a = options(argv, USAGE, "format kernel", "");
    if (a == null) {
      return 0;
    }
    boolean json = a.choice("format", "text", "text", "json").equals("json");
    KernelRelease kernel = null;
    if (a.has("kernel")) {
      kernel = KernelRelease.parse(a.get("kernel", ""));
      if (kernel == null) {
        throw new Args.UsageException(
            "option --kernel needs a kernel release like 3.10.0-514.el7.x86_64, got '"
                + Terminal.safe(a.get("kernel", "")) + "'");
      }
    }
    List<String> inputs = new ArrayList<>(a.positional());
    if (inputs.isEmpty()) {
      inputs.add("-");
    }
    int code = 0;
    int[] reports = {0};
    for (String name : inputs) {
      String source = name.equals("-") ? "stdin" : name;
      KernelLogDecoder decoder =
          new KernelLogDecoder(
              source,
              kernel,
              r -> {
                reports[0]++;
                print(r, source, json);
              });
      IOException[] cut = {null};
      try (BufferedReader in =
          InputFiles.open(name, Terminal.stderrIsTerminal() ? err : null, e -> cut[0] = e)) {
        // bounded: an endless line (a binary file, a runaway log) is cut, never held whole
        decoder.assembler().acceptReader(in);
        if (cut[0] != null) {
          throw cut[0];
        }
      } catch (NoSuchFileException e) {
        err.println("mmlens analyze: " + Terminal.safe(name) + ": no such file");
        code = 1;
      } catch (IOException e) {
        // A truncated gzip or a read error: what was decoded up to there is still printed below.
        err.println("mmlens analyze: " + Terminal.safe(name) + ": input ends early ("
            + Terminal.safe(String.valueOf(e.getMessage())) + "); reports up to there are shown");
        code = 1;
      }
      decoder.flush();
      out.flush();
    }
    if (reports[0] == 0) {
      err.println("mmlens analyze: no OOM kill, allocation failure or memcg OOM report found in "
          + Terminal.safe(String.join(", ", inputs)));
    }
    return code;
  }

  private void print(KernelReport r, String source, boolean json) {
    if (json) {
      out.println(Json.write(r.toMap()));
    } else {
      ReportText.print(r, source, out);
    }
  }
}
