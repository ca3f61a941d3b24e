package io.mmlens.core.snapshot;

import io.mmlens.core.Problem;
import io.mmlens.core.procfs.BuddyInfo;
import io.mmlens.core.procfs.ZoneInfo;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.util.Map;
import java.util.OptionalLong;

/** Joins zoneinfo (watermarks, protection) with buddyinfo or pagetypeinfo (free blocks). */
final class ZoneStates {

  private ZoneStates() {}

  static void build(SnapshotReader.Builder b) {
    if (b.zoneInfo != null) {
      for (ZoneInfo.Zone z : b.zoneInfo.zones()) {
        ZoneState.Builder zb =
            ZoneState.builder(z.name())
                .node(z.node())
                .zoneIndex(z.indexInNode())
                .pageSize(b.pageSize)
                .free(z.free())
                .min(z.min())
                .low(z.low())
                .high(z.high())
                .protection(z.protection());
        set(z.boost(), zb::boost);
        set(z.promo(), zb::promo);
        set(z.managed(), zb::managed);
        set(z.present(), zb::present);
        set(z.spanned(), zb::spanned);
        set(z.items().get("nr_free_cma"), zb::freeCma);
        set(z.trailer().get("reserved_highatomic"), zb::reservedHighatomic);
        BuddyInfo.Zone bz = b.buddyInfo == null ? null : b.buddyInfo.find(z.node(), z.name());
        if (bz != null) {
          zb.freeBlocks(bz.counts());
        }
        if (b.pageTypeInfo != null) {
          Map<String, long[]> byType = b.pageTypeInfo.freeByType(z.node(), z.name());
          if (!byType.isEmpty()) {
            zb.freeBlocksByType(byType);
          }
        }
        add(b, zb.build());
      }
    } else if (b.buddyInfo != null) {
      // Without zoneinfo there are no watermarks; still report the free lists, index unknown.
      b.problems.add(new Problem(SnapshotReader.ZONEINFO, 0, Problem.Kind.MISSING,
          "zones built from buddyinfo only: free = sum of free blocks; watermarks and protection"
              + " unknown, so watermark results assume 0"));
      for (BuddyInfo.Zone bz : b.buddyInfo.zones()) {
        long free = 0;
        for (int o = 0; o < bz.orders(); o++) {
          free += bz.countAt(o) << o;
        }
        add(b, ZoneState.builder(bz.zone()).node(bz.node()).pageSize(b.pageSize).free(free)
            .freeBlocks(bz.counts()).build());
      }
    }
  }

  private static void add(SnapshotReader.Builder b, ZoneState z) {
    b.zones.add(z);
    b.analyses.add(ZoneAnalysis.of(z, b.algorithm));
  }

  private interface LongSetter {
    Object set(long v);
  }

  private static void set(OptionalLong v, LongSetter s) {
    if (v.isPresent()) {
      s.set(v.getAsLong());
    }
  }
}
