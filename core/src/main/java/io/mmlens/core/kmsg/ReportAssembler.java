package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streaming grouper of kernel log lines into memory-failure reports (OOM kills, page allocation
 * failures and stalls, memcg OOMs, SLUB and kmem_cache_create failures). Fed one physical line
 * at a time, it emits a {@link RawReport} as soon as a report ends: at the next report header, at
 * a clearly unrelated line after the report's last part (kill line, RAM lines, stack), after
 * {@code oom_reaper}, at {@link #finish()}, or at {@link #expireIdle(long)}. Reports of different
 * hosts (syslog host field) are assembled separately even when interleaved.
 *
 * <p>It tolerates what real logs do to reports: a dump without its header (starts at {@code
 * Mem-Info:} or the counters), lost lines, elision markers, unrelated lines in between (up to
 * {@code maxGapLines} in a row), lines wrapped by terminals, blogs and shippers (indented
 * continuation lines, or unprefixed column-0 continuations in a prefixed log), two buddy lines run
 * together, and the 5.0-era {@code oom-kill:} line split into two records.
 *
 * <p>Bounds: lines longer than {@code maxLineChars} are cut, a report stops storing lines after
 * {@code maxReportLines} (emitted then, incomplete, with a LIMIT problem), and at most {@code
 * maxOpenReports} hosts have an open report. Unrelated lines cost a prefix scan and a keyword
 * check, and allocate nothing. Not thread-safe: a caller that feeds lines from one thread and
 * calls {@link #expireIdle} from another synchronizes both.
 *
 * <p>Example — a whole file, and a live follower:
 *
 * <pre>{@code
 * List<RawReport> reports = ReportAssembler.assemble("kern.log", text);
 *
 * ReportAssembler asm = new ReportAssembler("/dev/kmsg", report -> publish(report));
 * DevKmsgReader reader = new DevKmsgReader(
 *     line -> { synchronized (asm) { asm.accept(line); } },
 *     status -> log(status));                        // "not readable: /dev/kmsg: ..."
 * reader.start(r -> new Thread(r, "mmlens-kmsg"));   // daemon thread
 * // every second:
 * synchronized (asm) { asm.expireIdle(System.currentTimeMillis()); }
 * }</pre>
 *
 * For the seed 001 excerpt (kern.log) this yields two reports: the {@code portmap} kill lines
 * of an earlier OOM (incomplete: "no header: ...") and the complete {@code apache2} OOM report,
 * 72 lines from {@code apache2 invoked oom-killer: gfp_mask=0xd0, order=1, ...} to {@code Killed
 * process 2196 (rpc.statd) ...}.
 */
public final class ReportAssembler {

  /** Lines kept per report (a big host's task table has thousands of rows). */
  public static final int DEFAULT_MAX_REPORT_LINES = 20_000;
  /** Characters kept per line; the longest real report lines (zone lines) are under 1,000. */
  public static final int DEFAULT_MAX_LINE_CHARS = 8_192;
  /** Unrelated lines in a row after which an unfinished report is given up as incomplete. */
  public static final int DEFAULT_MAX_GAP_LINES = 32;
  /** Idle time after which {@link #expireIdle(long)} emits an open report. */
  public static final long DEFAULT_IDLE_MILLIS = 10_000;
  /** Hosts with an open report at once; the least recently active is emitted beyond this. */
  public static final int DEFAULT_MAX_OPEN_REPORTS = 256;
  /** Input lines without a line for an open report's host after which it is given up. */
  public static final int DEFAULT_MAX_STALE_LINES = 1_000;

  /**
   * Idle time after which a report that already reached its end (kill line, RAM lines) is
   * emitted: only an {@code oom_reaper} line could still follow, and it comes within moments.
   */
  public static final long NATURAL_END_IDLE_MILLIS = 1_000;

  /** lastKey value after a line that belongs to no open report. */
  private static final String NO_REPORT = "\u0000no report";

  private final String source;
  private final Consumer<RawReport> out;
  private int maxReportLines = DEFAULT_MAX_REPORT_LINES;
  private int maxLineChars = DEFAULT_MAX_LINE_CHARS;
  private int maxGapLines = DEFAULT_MAX_GAP_LINES;
  private long idleMillis = DEFAULT_IDLE_MILLIS;
  private int maxOpenReports = DEFAULT_MAX_OPEN_REPORTS;
  private int maxStaleLines = DEFAULT_MAX_STALE_LINES;

  private final LineNormalizer normalizer = new LineNormalizer();
  private final Consumer<LogLine> logicalSink = this::acceptLogLine;
  // Access order: the eldest entry is the least recently active host.
  private final Map<String, OpenReport> open = new LinkedHashMap<>(16, 0.75f, true);
  private String lastKey = "";
  private long physicalLines;
  private long seq;
  // Prefix status of the previous logical line's physical line, for its later #012 segments.
  private long lastLineNo = -1;
  private boolean lastEffectivePrefixed;
  private boolean effectivePrefixed;

  /**
   * @param source the input's name for problems and reasons (a file name, {@code /dev/kmsg})
   * @param out receives each report when it ends
   */
  public ReportAssembler(String source, Consumer<RawReport> out) {
    this.source = source;
    this.out = out;
  }

  /** Lines stored per report before it is emitted incomplete (default {@value #DEFAULT_MAX_REPORT_LINES}). */
  public ReportAssembler maxReportLines(int n) {
    this.maxReportLines = Math.max(1, n);
    return this;
  }

  /** Characters kept of one line (default {@value #DEFAULT_MAX_LINE_CHARS}). */
  public ReportAssembler maxLineChars(int n) {
    this.maxLineChars = Math.max(80, n);
    return this;
  }

  /** Unrelated lines tolerated in a row inside a report (default {@value #DEFAULT_MAX_GAP_LINES}). */
  public ReportAssembler maxGapLines(int n) {
    this.maxGapLines = Math.max(0, n);
    return this;
  }

  /** Idle time before {@link #expireIdle} emits a report (default {@value #DEFAULT_IDLE_MILLIS} ms). */
  public ReportAssembler idleMillis(long ms) {
    this.idleMillis = Math.max(0, ms);
    return this;
  }

  /** Hosts with an open report at once (default {@value #DEFAULT_MAX_OPEN_REPORTS}). */
  public ReportAssembler maxOpenReports(int n) {
    this.maxOpenReports = Math.max(1, n);
    return this;
  }

  /**
   * Input lines (of any host) after which a report whose host sent nothing more is emitted
   * (default {@value #DEFAULT_MAX_STALE_LINES}); a report that already reached its end waits only
   * {@code maxGapLines}.
   */
  public ReportAssembler maxStaleLines(int n) {
    this.maxStaleLines = Math.max(1, n);
    return this;
  }

  /** Assembles a whole text; returns every report in order of completion. */
  public static List<RawReport> assemble(String source, CharSequence text) {
    List<RawReport> reports = new ArrayList<>();
    ReportAssembler a = new ReportAssembler(source, reports::add);
    a.acceptText(text);
    a.finish();
    return reports;
  }

  /** Feeds the next physical line (line numbers counted from 1). */
  public void accept(String physicalLine) {
    accept(physicalLine, physicalLines + 1);
  }

  /** Feeds a physical line with its 1-based number in the input. */
  public void accept(String physicalLine, long lineNo) {
    String s = physicalLine;
    int n = s.length();
    if (n > 0 && s.charAt(n - 1) == '\r') {
      s = s.substring(0, n - 1); // CRLF input split on '\n' by the caller
    }
    if (s.length() > maxLineChars) {
      s = s.substring(0, maxLineChars); // the cut is reported if the line lands in a report
    }
    acceptBounded(s, lineNo, physicalLine.length());
  }

  private void acceptBounded(String s, long lineNo, long originalLength) {
    physicalLines = lineNo;
    LineNormalizer n = normalizer;
    n.scan(s);
    if (n.kmsgDict) {
      return;
    }
    if (!open.isEmpty() && (lineNo & 15) == 0) {
      sweepStale();
    }
    if (skippable(s, s.length())) {
      seq++;
      lastKey = NO_REPORT;
      return;
    }
    long before = seq;
    n.emit(s, lineNo, logicalSink);
    if (originalLength > s.length() && seq > before) {
      OpenReport r = open.get(lastKey);
      if (r != null && r.lastSeq == seq) {
        r.problems.add(new Problem(source, (int) Math.min(Integer.MAX_VALUE, lineNo),
            Problem.Kind.LIMIT, "line of " + (originalLength == Long.MAX_VALUE ? "more than "
                + maxLineChars : String.valueOf(originalLength)) + " characters cut to "
                + maxLineChars));
      }
    }
  }

  /**
   * The fast path: true when the line just scanned can neither start a report nor belong to an
   * open one (another host's line while a report is open). Allocation-free.
   */
  private boolean skippable(String s, int end) {
    LineNormalizer n = normalizer;
    if (LineClassifier.mayStartReport(s, n.textStart, end)) {
      return false;
    }
    if (open.isEmpty()) {
      return true;
    }
    if (n.hostStart >= 0) {
      for (String k : open.keySet()) {
        int len = n.hostEnd - n.hostStart;
        if (k.length() == len && s.regionMatches(n.hostStart, k, 0, len)) {
          return false;
        }
      }
      return true;
    }
    return !open.containsKey(LineNormalizer.NONE.equals(n.format) ? lastKey : "");
  }

  /** Ends reports whose host has been silent for too many input lines. */
  private void sweepStale() {
    for (OpenReport r : new ArrayList<>(open.values())) {
      long silent = physicalLines - r.lastLine;
      if (silent > (r.atNaturalEnd() ? maxGapLines : maxStaleLines)) {
        end(r, "no line from its host in the last " + silent + " input lines");
      }
    }
  }

  /** Feeds every line of a text; unrelated lines are checked in place, never copied. */
  public void acceptText(CharSequence text) {
    String t = text.toString();
    int len = t.length();
    int start = 0;
    long no = physicalLines;
    LineNormalizer n = normalizer;
    while (start < len) {
      int nl = t.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      int e = end > start && t.charAt(end - 1) == '\r' ? end - 1 : end;
      no++;
      if (e - start <= maxLineChars) {
        n.scan(t, start, e);
        if (n.kmsgDict || skippable(t, e)) {
          physicalLines = no;
          if (!n.kmsgDict) {
            seq++;
            lastKey = NO_REPORT;
          }
          if (!open.isEmpty() && (no & 15) == 0) {
            sweepStale();
          }
          start = end + 1;
          continue;
        }
      }
      if (e - start > maxLineChars) {
        // never copy more than the bound of an over-long line
        acceptBounded(t.substring(start, start + maxLineChars), no, e - start);
      } else {
        accept(t.substring(start, e), no);
      }
      start = end + 1;
    }
  }

  /**
   * Feeds every line of a reader without ever holding more than {@code maxLineChars} of one line:
   * the rest of an over-long line is skipped unread into memory.
   */
  public void acceptReader(Reader in) throws IOException {
    BoundedLines.read(in, maxLineChars, (line, cut) -> {
      long no = physicalLines + 1;
      acceptBounded(line, no, cut ? Long.MAX_VALUE : line.length());
    });
  }

  /** End of input: emits every open report (incomplete unless it had reached its end). */
  public void finish() {
    for (OpenReport r : new ArrayList<>(open.values())) {
      end(r, "input ended before the report was complete");
    }
  }

  /**
   * Emits reports that received no line for {@code idleMillis} (reports that already reached
   * their end: {@value #NATURAL_END_IDLE_MILLIS} ms at most). Call it periodically with the current
   * time; a report counts as idle from the first call that finds it unchanged, so the effective
   * timeout lies between the timeout and the timeout + the call interval.
   */
  public void expireIdle(long nowMillis) {
    for (OpenReport r : new ArrayList<>(open.values())) {
      if (r.checkedSeq != r.lastSeq) {
        r.checkedSeq = r.lastSeq;
        r.idleSince = nowMillis;
      } else if (nowMillis - r.idleSince >= (r.atNaturalEnd() ? Math.min(idleMillis,
          NATURAL_END_IDLE_MILLIS) : idleMillis)) {
        end(r, "no further line for " + (nowMillis - r.idleSince) + " ms");
      }
    }
  }

  /** Number of reports currently being assembled. */
  public int openReports() {
    return open.size();
  }

  /** Feeds one logical line that was already normalized (e.g. by an adapter). */
  public void acceptLogLine(LogLine line) {
    seq++;
    String text = line.text();
    boolean bare = LineNormalizer.NONE.equals(line.prefixFormat());
    // A bare line belongs to the host of the line before it (a wrapped or quoted piece).
    String key = line.host() != null ? line.host() : bare ? lastKey : "";
    lastKey = key;
    boolean prefixed = !bare;
    if (bare && line.lineNumber() == lastLineNo) {
      // another #012 segment of a physical line that continued a prefixed record
      prefixed = lastEffectivePrefixed;
    }
    effectivePrefixed = prefixed;
    acceptClassified(line, text, key, prefixed);
    lastLineNo = line.lineNumber();
    lastEffectivePrefixed = effectivePrefixed;
  }

  private void acceptClassified(LogLine line, String text, String key, boolean prefixed) {
    LineKind kind = LineClassifier.classify(text);
    int second;
    while (kind == LineKind.BUDDY && (second = Stitch.buddyRunTogether(text)) > 0) {
      route(key, Stitch.withText(line, text.substring(0, second).trim()), kind, prefixed);
      text = text.substring(second);
      line = Stitch.withText(line, text);
      kind = LineClassifier.classify(text);
      seq++;
    }
    route(key, line, kind, prefixed);
  }

  private void route(String key, LogLine line, LineKind kind, boolean prefixed) {
    OpenReport r = open.get(key);
    if (r == null) {
      maybeStart(key, line, kind, prefixed);
      return;
    }
    if (offer(r, line, kind, prefixed)) {
      return;
    }
    // The line did not belong to r, which has ended; it may start the next report.
    maybeStart(key, line, kind, prefixed);
  }

  private void maybeStart(String key, LogLine line, LineKind kind, boolean prefixed) {
    if (!(kind.isHeader() || startsHeaderless(kind, line.text()))) {
      return;
    }
    OpenReport r = new OpenReport(key, line.host(), kind.isHeader() ? kind : null);
    r.prefixed = prefixed;
    if (open.size() >= maxOpenReports) {
      Iterator<OpenReport> eldest = open.values().iterator();
      end(eldest.next(), "more than " + maxOpenReports + " hosts had a report open at once");
    }
    open.put(key, r);
    add(r, line, kind, prefixed);
  }

  private static boolean startsHeaderless(LineKind kind, String text) {
    if (!kind.canStartHeaderless()) {
      return false;
    }
    // Only the first counter line opens a dump; its continuation lines start with a blank.
    return kind != LineKind.COUNTERS || text.startsWith("active_anon:");
  }

  /** Offers a line to an open report; false when the report ended and the line is not its. */
  private boolean offer(OpenReport r, LogLine line, LineKind kind, boolean prefixed) {
    String text = line.text();
    if (r.lastSeq == seq - 1 && Stitch.joins(r.lastKind, kind, text, prefixed, r.lastPrefixed)) {
      Stitch.joinLast(r, text, kind, maxLineChars);
      effectivePrefixed = r.lastPrefixed; // a wrapped piece carries its record's prefix
      r.lastSeq = seq;
      r.lastLine = physicalLines;
      r.gap = 0;
      return true;
    }
    if (kind.isHeader()) {
      end(r, "a new report began before this one was complete");
      return false;
    }
    if (kind == LineKind.BLANK) {
      if (r.atNaturalEnd()) {
        end(r, null);
      } else {
        gap(r);
      }
      return true;
    }
    boolean related = kind != LineKind.OTHER;
    if (kind == LineKind.MEMCG_STAT_ITEM) {
      related = r.lastKind == LineKind.MEMCG_STATS || r.lastKind == LineKind.MEMCG_STAT_ITEM;
    } else if (kind == LineKind.UNRECLAIMABLE_SLAB_ROW) {
      related = r.lastKind == LineKind.UNRECLAIMABLE_SLAB || r.lastKind == kind;
    } else if (kind.phase() == LineKind.Phase.CONTEXT && r.phase > LineKind.Phase.MEMCG) {
      related = false; // a stack after the dump belongs to another warning
    } else if (kind == LineKind.ELISION) {
      related = !r.atNaturalEnd();
    } else if (r.prefixed && !prefixed) {
      related = false; // in a prefixed log a bare report line is a quote, not the kernel's
    }
    if (related && kind.phase() > r.maxPhase()) {
      end(r, "an unrelated " + kind + " line followed");
      return false;
    }
    if (related && r.phase == LineKind.Phase.DONE && kind != LineKind.OOM_REAPER
        && kind != LineKind.KILLED && kind != LineKind.KILL_OTHER) {
      end(r, null);
      return false;
    }
    if (related && restarts(r, kind, text)) {
      end(r, "a new report began before this one was complete");
      return false;
    }
    if (!related) {
      if (r.atNaturalEnd()) {
        end(r, null);
        return false;
      }
      gap(r);
      return false;
    }
    add(r, line, kind, prefixed);
    if (kind == LineKind.OOM_REAPER) {
      end(r, null);
    }
    return true;
  }

  /** A line that opens a dump or table this report already has: a new headerless report. */
  private static boolean restarts(OpenReport r, LineKind kind, String text) {
    if (!startsHeaderless(kind, text)) {
      return false;
    }
    return kind.phase() < r.phase || r.saw(kind);
  }

  private void gap(OpenReport r) {
    if (++r.gap > maxGapLines) {
      end(r, "interrupted by " + r.gap + " unrelated lines");
    }
  }

  private void add(OpenReport r, LogLine line, LineKind kind, boolean prefixed) {
    r.gap = 0;
    r.lastSeq = seq;
    r.lastLine = physicalLines;
    r.lastKind = kind;
    r.lastPrefixed = prefixed;
    if (kind.phase() > r.phase) {
      r.phase = kind.phase();
    }
    r.seen |= 1L << kind.ordinal();
    if (r.emitted) {
      return;
    }
    if (r.lines.size() < maxReportLines) {
      r.lines.add(line);
      return;
    }
    r.problems.add(new Problem(source, (int) Math.min(Integer.MAX_VALUE, line.lineNumber()),
        Problem.Kind.LIMIT, "report longer than " + maxReportLines
            + " lines; the rest of it is skipped"));
    emit(r, "line limit of " + maxReportLines + " reached");
    r.emitted = true; // keep tracking its end so the rest does not start a bogus report
  }

  /** Ends r: emits it (unless already emitted at the line limit) and forgets it. */
  private void end(OpenReport r, String reasonIfUnfinished) {
    open.remove(r.key);
    if (!r.emitted) {
      emit(r, r.atNaturalEnd() ? null : reasonIfUnfinished);
    }
  }

  private void emit(OpenReport r, String reason) {
    out.accept(r.toRawReport(reason));
  }

}
