package io.mmlens.core.zone;

/** The three per-zone watermarks an allocation is checked against. */
public enum Watermark {
  /** Slow path (after waking kswapd); below it, direct reclaim. */
  MIN,
  /** Fast path; below it, kswapd is woken. */
  LOW,
  /** kswapd reclaims until free is above it. */
  HIGH;

  /** This watermark of {@code zone}, in pages (as printed, so boost is included on 5.0+). */
  public long pagesOf(ZoneState zone) {
    switch (this) {
      case MIN:
        return zone.min();
      case LOW:
        return zone.low();
      default:
        return zone.high();
    }
  }

  /** Lower-case name used in JSON and messages ({@code min}, {@code low}, {@code high}). */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
