package io.mmlens.logstash;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.EventFactory;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logstash filter {@code kernel_mm}: decodes kernel OOM / page-allocation-failure log lines into
 * fields under {@code target}, per event ({@code mode => "line"}) or stitched per host into one
 * new event per report ({@code mode => "report"}, needs ordered input per host).
 */
@LogstashPlugin(name = "kernel_mm")
public final class KernelMm implements Filter {

  private final String id;
  private final KernelMmSettings settings;
  private final EventFactory eventFactory;
  private final ReportStitcher stitcher;

  /** The constructor Logstash calls; rejects invalid options with a message naming them. */
  public KernelMm(String id, Configuration config, Context context) {
    this(id, config, context, System::currentTimeMillis);
  }

  KernelMm(String id, Configuration config, Context context, LongSupplier clock) {
    this.id = id;
    this.settings = new KernelMmSettings(config);
    this.eventFactory = context.getEventFactory();
    this.stitcher = settings.reportMode ? new ReportStitcher(id, settings, clock) : null;
  }

  @Override
  public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
    if (stitcher == null) {
      for (Event e : events) {
        decodeLine(e, matchListener);
      }
      return events;
    }
    List<Event> out = new ArrayList<>(events.size() + 1);
    synchronized (stitcher) {
      for (Event e : events) {
        stitchLine(e, out, matchListener);
      }
    }
    return out;
  }

  private void decodeLine(Event e, FilterMatchListener matchListener) {
    Object v = e.getField(settings.source);
    if (!(v instanceof String)) {
      fail(e);
      return;
    }
    CoreBridge.Line line;
    try {
      line = CoreBridge.decodeLine((String) v, settings.kernelRelease);
    } catch (RuntimeException ex) {
      fail(e); // core never throws on bad input; a bug there must still not lose the event
      return;
    }
    if (line == null) {
      return; // not a kernel memory line: passes through untouched and unmatched
    }
    if (line.malformed()) {
      fail(e); // a memory line core cannot read: unchanged, tagged, as an ES on_failure would see it
      return;
    }
    if (setTarget(e, line.fields)) {
      setEcs(e, line.ecs);
      matchListener.filterMatched(e);
    }
  }

  private void stitchLine(Event e, List<Event> out, FilterMatchListener matchListener) {
    Object v = e.getField(settings.source);
    if (!(v instanceof String)) {
      fail(e);
      out.add(e);
      return;
    }
    String line = (String) v;
    List<ReportStitcher.Ready> ready;
    try {
      ready = stitcher.accept(hostKey(e), line);
    } catch (RuntimeException ex) {
      fail(e);
      out.add(e);
      return;
    }
    if ("keep".equals(settings.reportLines) || !CoreBridge.isReportLine(line)) {
      out.add(e);
    } else if ("tag".equals(settings.reportLines)) {
      e.tag(KernelMmSettings.REPORT_LINE_TAG);
      out.add(e);
    } // "drop": the user asked for the report event only
    emit(ready, out, matchListener);
  }

  private String hostKey(Event e) {
    Object h = e.getField(settings.hostField);
    return h == null ? "" : h.toString();
  }

  private void emit(List<ReportStitcher.Ready> ready, List<Event> out, FilterMatchListener ml) {
    for (ReportStitcher.Ready r : ready) {
      Event report = eventFactory.newEvent();
      if (!r.hostKey.isEmpty()) {
        report.setField(settings.hostField, r.hostKey);
      }
      if (setTarget(report, r.fields)) {
        setEcs(report, CoreBridge.reportEcs());
        ml.filterMatched(report);
      }
      out.add(report);
    }
  }

  /** ECS {@code event.*} as the Elasticsearch processor sets them, unless the event has its own. */
  private static void setEcs(Event e, Map<String, Object> ecs) {
    for (Map.Entry<String, Object> f : ecs.entrySet()) {
      String ref = "[" + f.getKey().replace(".", "][") + "]";
      if (e.getField(ref) == null) {
        e.setField(ref, f.getValue());
      }
    }
  }

  private boolean setTarget(Event e, Map<String, Object> fields) {
    try {
      e.setField(settings.target, fields);
      return true;
    } catch (RuntimeException ex) {
      fail(e); // e.g. target runs through an existing non-map field
      return false;
    }
  }

  private void fail(Event e) {
    for (String t : settings.tagOnFailure) {
      e.tag(t);
    }
  }

  /** Emits reports whose host has been silent for {@code report_timeout}, marked incomplete. */
  @Override
  public Collection<Event> flush(FilterMatchListener matchListener) {
    if (stitcher == null) {
      return Collections.emptyList();
    }
    List<Event> out = new ArrayList<>();
    synchronized (stitcher) {
      emit(stitcher.expireIdle(), out, matchListener);
    }
    return out;
  }

  int openHostsForTest() {
    synchronized (stitcher) {
      return stitcher.openHosts();
    }
  }

  @Override
  public boolean requiresPeriodicFlush() {
    return stitcher != null;
  }

  @Override
  public Collection<PluginConfigSpec<?>> configSchema() {
    return PluginHelper.commonFilterSettings(KernelMmSettings.ALL);
  }

  @Override
  public String getId() {
    return id;
  }
}
