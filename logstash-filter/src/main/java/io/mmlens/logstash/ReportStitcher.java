package io.mmlens.logstash;

import io.mmlens.core.kmsg.ReportAssembler;
import io.mmlens.core.kmsg.ReportParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One core report assembler per value of {@code host_field}: events from a shipper often carry the
 * host in a field rather than in a syslog prefix, so hosts are kept apart here and never rely on
 * the text. Not thread-safe; the filter synchronizes on it.
 */
final class ReportStitcher {

  /** A finished report and the host_field value it was stitched under. */
  static final class Ready {
    final String hostKey;
    final Map<String, Object> fields;

    Ready(String hostKey, Map<String, Object> fields) {
      this.hostKey = hostKey;
      this.fields = fields;
    }
  }

  private final String id;
  private final KernelMmSettings settings;
  private final LongSupplier clock;
  private final Map<String, Host> hosts = new HashMap<>();
  private final List<Ready> ready = new ArrayList<>();

  /**
   * An assembler and its own line count: numbering per host keeps core's staleness bound ("no
   * line from its host in the last N input lines") from splitting a report of a quiet host just
   * because busy hosts logged in between; silence is handled by report_timeout instead.
   */
  private static final class Host {
    ReportAssembler assembler;
    ReportParser parser;
    long lineNo;
  }

  ReportStitcher(String id, KernelMmSettings settings, LongSupplier clock) {
    this.id = id;
    this.settings = settings;
    this.clock = clock;
  }

  /** Feeds one line of a host; returns the reports it completed (usually none). */
  List<Ready> accept(String hostKey, String line) {
    Host h = hosts.get(hostKey);
    if (h == null) {
      h = newHost(hostKey);
      hosts.put(hostKey, h);
    }
    h.assembler.accept(line, ++h.lineNo);
    return drain();
  }

  /** Ends reports idle for report_timeout and forgets hosts with nothing open. */
  List<Ready> expireIdle() {
    long now = clock.getAsLong();
    for (Iterator<Host> it = hosts.values().iterator(); it.hasNext(); ) {
      ReportAssembler a = it.next().assembler;
      a.expireIdle(now);
      if (a.openReports() == 0) {
        it.remove();
      }
    }
    return drain();
  }

  int openHosts() {
    return hosts.size();
  }

  private Host newHost(String hostKey) {
    String source = hostKey.isEmpty() ? id : id + ":" + hostKey;
    Host h = new Host();
    h.parser = new ReportParser(source);
    h.assembler = new ReportAssembler(source,
            r -> ready.add(new Ready(hostKey, CoreBridge.reportMap(h.parser, r, settings.kernelRelease))))
        .maxReportLines(settings.maxReportLines)
        .idleMillis(settings.reportTimeoutMillis);
    return h;
  }

  private List<Ready> drain() {
    if (ready.isEmpty()) {
      return Collections.emptyList();
    }
    List<Ready> out = new ArrayList<>(ready);
    ready.clear();
    return out;
  }
}
