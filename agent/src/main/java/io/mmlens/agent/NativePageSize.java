package io.mmlens.agent;

import io.mmlens.core.procfs.PageSize;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The page size of every byte figure the agent exports: {@code sysconf(_SC_PAGESIZE)} through
 * JNA in its isolated layer ({@link IsolatedJna}), else {@code AT_PAGESZ} from
 * {@code /proc/self/auxv}, else 4096; a fallback is said in one line.
 */
final class NativePageSize {

  /** The page size in bytes and where it came from: sysconf, auxv or default. */
  final int bytes;
  final String source;

  private NativePageSize(int bytes, String source) {
    this.bytes = bytes;
    this.source = source;
  }

  /** Never throws. {@code inst} lets JNA get native access without the JDK 24+ warning (may be null). */
  static NativePageSize resolve(AgentConfig cfg, Instrumentation inst) {
    String jna = "JNA off (mmlens.jna.enabled=false)";
    if (Boolean.parseBoolean(cfg.get("mmlens.jna.enabled", "true"))) {
      try {
        long v = IsolatedJna.sysconfPageSize(tmpBase(cfg), inst);
        if (v >= 1024 && v <= (1 << 24) && Long.bitCount(v) == 1) {
          return new NativePageSize((int) v, "sysconf");
        }
        jna = "sysconf(_SC_PAGESIZE) returned " + v;
      } catch (Throwable t) { // LinkageError too: a missing or unloadable native library
        jna = "sysconf through JNA failed: " + t;
      }
    }
    String auxv;
    try {
      long v = PageSize.fromAuxvFile(Paths.get("/proc/self/auxv"));
      if (v > 0) {
        AgentRuntime.say("page size " + v + " from /proc/self/auxv (" + jna + ")");
        return new NativePageSize((int) v, "auxv");
      }
      auxv = "no AT_PAGESZ in /proc/self/auxv";
    } catch (Exception e) {
      auxv = "/proc/self/auxv: " + e;
    }
    AgentRuntime.say("page size assumed 4096 (" + jna + "; " + auxv + ")");
    return new NativePageSize(4096, "default");
  }

  /** mmlens.tmpdir: where JNA's private, short-lived directory goes (default java.io.tmpdir). */
  static Path tmpBase(AgentConfig cfg) {
    return Paths.get(cfg.get("mmlens.tmpdir", System.getProperty("java.io.tmpdir")));
  }
}
