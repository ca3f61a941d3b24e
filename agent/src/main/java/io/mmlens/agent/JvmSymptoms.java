package io.mmlens.agent;

import io.mmlens.core.diagnosis.JvmSymptom;
import io.mmlens.core.diagnosis.SymptomDiagnosis;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.procfs.ProcessLimits;
import io.mmlens.core.json.Json;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns a JVM failure that memory explains into one log record: the exception, a fresh snapshot
 * summary and a one-line diagnosis from core. The failing thread only enqueues; a daemon thread
 * (started before any failure, so "unable to create native thread" cannot stop it) does the work.
 */
final class JvmSymptoms {

  private final Logger logger;
  private final SnapshotReader snapshots;
  private final ProcFs procFs;
  private final BlockingQueue<Throwable> queue = new ArrayBlockingQueue<>(64);

  JvmSymptoms(Logger logger, SnapshotReader snapshots, ProcFs procFs) {
    this.logger = logger;
    this.snapshots = snapshots;
    this.procFs = procFs;
  }

  /** Starts the exporting thread; the hook's handler is {@link #offer}. */
  void start() {
    Thread t = new Thread(() -> {
      warmUp();
      drain();
    }, "mmlens-symptoms");
    t.setDaemon(true);
    t.start();
  }

  /** On the failing thread: only enqueue (a full queue means the burst is already reported). */
  void offer(Throwable t) {
    queue.offer(t);
  }

  private void drain() {
    while (true) {
      try {
        emit(queue.take());
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) {
        System.err.println("mmlens: JVM symptom not exported: " + e);
      }
    }
  }

  /**
   * Runs the record-building path once without emitting, so its classes are loaded before the
   * first symptom: loading them when memory or address space has run out can itself fail (and
   * class loading may trigger a metadata GC exactly then).
   */
  private void warmUp() {
    try {
      build(new java.io.IOException("Cannot run program \"x\": error=12, Cannot allocate memory"),
          JvmSymptom.FORK_ENOMEM);
    } catch (Throwable e) {
      // the real record will say what is wrong
    }
  }

  void emit(Throwable t) {
    JvmSymptom symptom = JvmSymptom.of(t);
    if (symptom == null) {
      return;
    }
    build(t, symptom).emit();
  }

  private LogRecordBuilder build(Throwable t, JvmSymptom symptom) {
    MemorySnapshot s = snapshots.read();
    ProcessLimits limits = ProcessLimits.read(procFs).value();
    SymptomDiagnosis d = SymptomDiagnosis.of(symptom, t.getMessage(), s, limits);
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    AttributesBuilder a = Attributes.builder()
        .put(AttributeKey.stringKey("exception.type"), t.getClass().getName())
        .put(AttributeKey.stringKey("exception.message"), String.valueOf(t.getMessage()))
        .put(AttributeKey.stringKey("exception.stacktrace"), trace.toString())
        .put(AttributeKey.stringKey("linux.mm.symptom"), symptom.key())
        .put(AttributeKey.stringKey("linux.mm.symptom.verdict"), d.verdict())
        .put(AttributeKey.stringKey("linux.mm.zones"), Json.write(JvmSymptom.zoneSummary(s)));
    if (s.cgroup() != null) {
      s.cgroup().usageBytes().ifPresent(v -> a.put(AttributeKey.longKey("linux.mm.cgroup.usage_bytes"), v));
      if (!s.cgroup().unlimited()) {
        s.cgroup().limitBytes().ifPresent(v -> a.put(AttributeKey.longKey("linux.mm.cgroup.limit_bytes"), v));
      }
    }
    limits.toMap().forEach((k, v) -> a.put(AttributeKey.longKey("linux.mm.process." + k), (Long) v));
    return logger.logRecordBuilder().setTimestamp(java.time.Instant.now())
        .setSeverity(Severity.ERROR).setSeverityText("ERROR")
        .setBody(d.summary()).setAllAttributes(a.build());
  }
}
