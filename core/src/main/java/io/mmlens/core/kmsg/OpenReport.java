package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.List;

/** The growing state of one report of one host inside {@link ReportAssembler}. */
final class OpenReport {

  final String key;
  final String host;
  /** The header kind, or null when the report started without its header. */
  final LineKind header;
  final List<LogLine> lines = new ArrayList<>();
  final List<Problem> problems = new ArrayList<>(1);
  int phase;
  /** Bit per LineKind ordinal that was accepted. */
  long seen;
  LineKind lastKind;
  /** The report's first line had a transport prefix (syslog, printk, kmsg...). */
  boolean prefixed;
  boolean lastPrefixed;
  /** Assembler-wide logical line sequence number of the last accepted line. */
  long lastSeq;
  /** Input (physical) line number of the last accepted line, for staleness. */
  long lastLine;
  /** Consecutive unrelated lines since the last accepted one. */
  int gap;
  /** Emitted early because of the line limit; the rest is tracked but not stored. */
  boolean emitted;
  // Idle tracking by expireIdle ticks: no clock on the line path.
  long checkedSeq = -1;
  long idleSince;

  OpenReport(String key, String host, LineKind header) {
    this.key = key;
    this.host = host;
    this.header = header;
  }

  /** The report as emitted; a missing header is always part of the reason. */
  RawReport toRawReport(String reason) {
    String why = reason;
    if (header == null && !lines.isEmpty()) {
      String first = lines.get(0).text().trim();
      String noHeader = "no header: the report starts at '"
          + (first.length() > 40 ? first.substring(0, 40) + "..." : first) + "'";
      why = why == null ? noHeader : noHeader + "; " + why;
    }
    return new RawReport(host, new ArrayList<>(lines), why != null, why, new ArrayList<>(problems));
  }

  boolean saw(LineKind k) {
    return (seen & (1L << k.ordinal())) != 0;
  }

  /** Last phase a report of this header may contain; later lines belong to something else. */
  int maxPhase() {
    if (header == null) {
      return LineKind.Phase.DONE;
    }
    switch (header) {
      case OOM_HEADER:
        return LineKind.Phase.DONE;
      case SLUB_FAILURE:
      case KMEM_CACHE_CREATE_FAILED:
        return LineKind.Phase.CONTEXT;
      default:
        return LineKind.Phase.TAIL; // allocation failure / stall / sysrq: a show_mem dump
    }
  }

  /** Everything the kernel prints for this kind of report has been seen. */
  boolean atNaturalEnd() {
    if (header == null) {
      return phase == LineKind.Phase.DONE;
    }
    switch (header) {
      case OOM_HEADER:
        return phase == LineKind.Phase.DONE;
      case SLUB_FAILURE:
        return saw(LineKind.SLUB_DETAIL);
      case KMEM_CACHE_CREATE_FAILED:
        return saw(LineKind.CALL_TRACE);
      default:
        return phase >= LineKind.Phase.TAIL;
    }
  }
}
