package io.mmlens.core.zone;

import io.mmlens.core.KernelRelease;

/**
 * Which version of the kernel's {@code __zone_watermark_ok} to replay (mm/page_alloc.c).
 *
 * <ul>
 *   <li>{@link #LEGACY} (2.6.x–4.3): order-0 test on free minus (2^order−1), then for each lower
 *       order subtract its free pages and halve the mark.
 *   <li>{@link #MODERN} (4.4+, with the 6.3+ ALLOC_RESERVES rules for flagged requests): order-0
 *       test on free minus (2^order−1), minus the high-atomic reserve and free CMA where the
 *       request may not use them; then any free block of at least the order on a usable list.
 *   <li>{@link #MODERN_PRE_6_3}: the same block test with the 4.4–6.2 ALLOC_HIGH / ALLOC_HARDER /
 *       ALLOC_OOM reductions. For a request without flags it gives the same answer as MODERN.
 * </ul>
 */
public enum WatermarkAlgorithm {
  LEGACY,
  MODERN,
  MODERN_PRE_6_3;

  /**
   * The algorithm a kernel release runs. A null (unknown) release gives {@link #MODERN}: every
   * kernel still in support runs it, and for plain requests both 4.4+ variants agree.
   */
  public static WatermarkAlgorithm forRelease(KernelRelease release) {
    if (release == null) {
      return MODERN;
    }
    if (!release.atLeast(4, 4)) {
      return LEGACY;
    }
    return release.atLeast(6, 3) ? MODERN : MODERN_PRE_6_3;
  }

  /** True for both 4.4+ variants (the "any suitable free block" test). */
  public boolean anyBlockTest() {
    return this != LEGACY;
  }

  /** Lower-case name used in JSON ({@code legacy}, {@code modern}, {@code modern_pre_6_3}). */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
