package io.mmlens.agent;

import io.mmlens.bootstrap.SymptomHook;
import io.mmlens.core.diagnosis.JvmSymptom;
import io.mmlens.core.json.Json;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
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
  private final BlockingQueue<Throwable> queue = new ArrayBlockingQueue<>(64);

  JvmSymptoms(Logger logger, SnapshotReader snapshots) {
    this.logger = logger;
    this.snapshots = snapshots;
  }

  void start() {
    Thread t = new Thread(this::drain, "mmlens-symptoms");
    t.setDaemon(true);
    t.start();
    SymptomHook.setHandler(queue::offer); // full queue: the burst is already reported
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

  void emit(Throwable t) {
    JvmSymptom symptom = JvmSymptom.of(t);
    if (symptom == null) {
      return;
    }
    MemorySnapshot s = snapshots.read();
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    AttributesBuilder a = Attributes.builder()
        .put(AttributeKey.stringKey("exception.type"), t.getClass().getName())
        .put(AttributeKey.stringKey("exception.message"), String.valueOf(t.getMessage()))
        .put(AttributeKey.stringKey("exception.stacktrace"), trace.toString())
        .put(AttributeKey.stringKey("linux.mm.symptom"), symptom.key())
        .put(AttributeKey.stringKey("linux.mm.zones"), Json.write(JvmSymptom.zoneSummary(s)));
    if (s.cgroup() != null) {
      s.cgroup().usageBytes().ifPresent(v -> a.put(AttributeKey.longKey("linux.mm.cgroup.usage_bytes"), v));
      if (!s.cgroup().unlimited()) {
        s.cgroup().limitBytes().ifPresent(v -> a.put(AttributeKey.longKey("linux.mm.cgroup.limit_bytes"), v));
      }
    }
    logger.logRecordBuilder().setTimestamp(java.time.Instant.now())
        .setSeverity(Severity.ERROR).setSeverityText("ERROR")
        .setBody(symptom.explain(s)).setAllAttributes(a.build()).emit();
  }
}
