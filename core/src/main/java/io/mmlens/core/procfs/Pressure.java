package io.mmlens.core.procfs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Decoded /proc/pressure/memory (PSI, 4.20+): {@code some} and {@code full} stall averages. */
public final class Pressure {

  /** One PSI line: averages in percent of wall time, total stall time in microseconds. */
  public static final class Line {
    private final double avg10;
    private final double avg60;
    private final double avg300;
    private final long totalMicros;

    public Line(double avg10, double avg60, double avg300, long totalMicros) {
      this.avg10 = avg10;
      this.avg60 = avg60;
      this.avg300 = avg300;
      this.totalMicros = totalMicros;
    }

    public double avg10() {
      return avg10;
    }

    public double avg60() {
      return avg60;
    }

    public double avg300() {
      return avg300;
    }

    public long totalMicros() {
      return totalMicros;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("avg10", avg10);
      m.put("avg60", avg60);
      m.put("avg300", avg300);
      m.put("total_us", totalMicros);
      return m;
    }
  }

  private final Line some;
  private final Line full;

  public Pressure(Line some, Line full) {
    this.some = some;
    this.full = full;
  }

  /** Share of time at least one task stalled on memory; null when not printed. */
  public Line some() {
    return some;
  }

  /** Share of time all non-idle tasks stalled; null when not printed. */
  public Line full() {
    return full;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("some", some == null ? null : some.toMap());
    m.put("full", full == null ? null : full.toMap());
    return m;
  }
}
