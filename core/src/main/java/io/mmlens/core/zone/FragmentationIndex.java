package io.mmlens.core.zone;

import java.util.OptionalDouble;

/**
 * The kernel's two fragmentation metrics (mm/vmstat.c, 2.6.35+) computed from free-block counts
 * per order, with the kernel's exact integer arithmetic so values match debugfs
 * {@code extfrag/extfrag_index} and {@code extfrag/unusable_index} digit for digit.
 *
 * <p>All methods take {@code freeBlocks[order]} = number of free blocks of 2^order pages (one
 * /proc/buddyinfo row); the number of orders is the array length, never assumed. Results are in
 * thousandths, as the kernel keeps them.
 */
public final class FragmentationIndex {

  /**
   * Extfrag index value meaning "a free block of this order exists, the index is meaningless":
   * the kernel returns -1000 and debugfs prints {@code -1.000}.
   */
  public static final int SUITABLE_BLOCK_EXISTS = -1000;

  private FragmentationIndex() {}

  /**
   * {@code __fragmentation_index}: 0 when the zone has no free block at all, {@link
   * #SUITABLE_BLOCK_EXISTS} when a block of {@code order} or larger is free, otherwise {@code 1000
   * - (1000 + free_pages*1000/2^order) / total_blocks} (unsigned integer divisions, in that order).
   * Near 0: a request of this order would fail for lack of memory; near 1000: because of
   * fragmentation. An order at or past the array length gives 0 (the kernel's out-of-range case).
   */
  public static int extfragIndex(long[] freeBlocks, int order) {
    checkOrder(order);
    if (freeBlocks == null || order >= freeBlocks.length) {
      return 0;
    }
    long freePages = 0;
    long total = 0;
    long suitable = 0;
    for (int o = 0; o < freeBlocks.length; o++) {
      long blocks = freeBlocks[o];
      total += blocks;
      freePages += blocks << o;
      if (o >= order) {
        suitable += blocks << (o - order);
      }
    }
    return extfrag(order, freePages, total, suitable);
  }

  /**
   * {@code unusable_free_index}: the share of free pages sitting in blocks smaller than {@code
   * order}, {@code (free_pages - suitable<<order) * 1000 / free_pages}; 1000 when nothing is free
   * (the kernel treats "no free memory" as "all free memory unusable").
   */
  public static int unusableIndex(long[] freeBlocks, int order) {
    checkOrder(order);
    long freePages = 0;
    long suitable = 0;
    int n = freeBlocks == null ? 0 : freeBlocks.length;
    for (int o = 0; o < n; o++) {
      freePages += freeBlocks[o] << o;
      if (o >= order) {
        suitable += freeBlocks[o] << (o - order);
      }
    }
    return unusable(order, freePages, suitable);
  }

  /** {@link #extfragIndex} for every order of the array (empty when {@code freeBlocks} is null). */
  public static int[] extfragIndices(long[] freeBlocks) {
    int n = freeBlocks == null ? 0 : freeBlocks.length;
    int[] out = new int[n];
    fill(freeBlocks, out, null);
    return out;
  }

  /** {@link #unusableIndex} for every order of the array (empty when {@code freeBlocks} is null). */
  public static int[] unusableIndices(long[] freeBlocks) {
    int n = freeBlocks == null ? 0 : freeBlocks.length;
    int[] out = new int[n];
    fill(freeBlocks, null, out);
    return out;
  }

  /**
   * The extfrag index as a 0..1 fraction, or empty when a suitable block exists (-1000), i.e. when
   * the kernel itself says the index has no meaning.
   */
  public static OptionalDouble fragmentation(long[] freeBlocks, int order) {
    return toFraction(extfragIndex(freeBlocks, order));
  }

  /** Converts kernel thousandths to 0..1; empty for {@link #SUITABLE_BLOCK_EXISTS}. */
  public static OptionalDouble toFraction(int thousandths) {
    return thousandths == SUITABLE_BLOCK_EXISTS
        ? OptionalDouble.empty()
        : OptionalDouble.of(thousandths / 1000.0);
  }

  /** Kernel thousandths as debugfs prints them ({@code %d.%03d}): -1000 → {@code -1.000}. */
  public static String format(int thousandths) {
    int whole = thousandths / 1000;
    int frac = Math.abs(thousandths % 1000);
    StringBuilder sb = new StringBuilder(6);
    if (thousandths < 0 && whole == 0) {
      sb.append('-');
    }
    sb.append(whole).append('.');
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    return sb.append(frac).toString();
  }

  /**
   * Fills both index arrays (either may be null) in O(orders): suitable(N) is a suffix sum,
   * suitable(N) = nr_free[N] + suitable(N+1)*2, which is exactly the kernel's sum of
   * nr_free[o]<<(o-N).
   */
  static void fill(long[] freeBlocks, int[] extfrag, int[] unusable) {
    int n = freeBlocks == null ? 0 : freeBlocks.length;
    long freePages = 0;
    long total = 0;
    for (int o = 0; o < n; o++) {
      total += freeBlocks[o];
      freePages += freeBlocks[o] << o;
    }
    long suitable = 0;
    for (int order = n - 1; order >= 0; order--) {
      suitable = suitable * 2 + freeBlocks[order];
      if (extfrag != null) {
        extfrag[order] = extfrag(order, freePages, total, suitable);
      }
      if (unusable != null) {
        unusable[order] = unusable(order, freePages, suitable);
      }
    }
  }

  private static int extfrag(int order, long freePages, long total, long suitable) {
    if (total == 0) {
      return 0;
    }
    if (suitable != 0) {
      return SUITABLE_BLOCK_EXISTS;
    }
    // div_u64(free_pages * 1000ULL, requested) first, then + 1000, then / total — order matters.
    long perRequest = Long.divideUnsigned(freePages * 1000L, 1L << order);
    return (int) (1000 - Long.divideUnsigned(1000 + perRequest, total));
  }

  private static int unusable(int order, long freePages, long suitable) {
    if (freePages == 0) {
      return 1000;
    }
    return (int) Long.divideUnsigned((freePages - (suitable << order)) * 1000L, freePages);
  }

  private static void checkOrder(int order) {
    if (order < 0 || order > 62) {
      throw new IllegalArgumentException("order must be 0..62, was " + order);
    }
  }
}
