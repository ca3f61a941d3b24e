package io.mmlens.otel;

import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code linux.memory.*} metrics (zone family plus {@link VmMetrics}): asynchronous instruments fed by one batch
 * callback that takes one snapshot (one read of /proc) per collection.
 */
public final class ZoneMetrics implements AutoCloseable {

  /**
   * Instrumentation scope of every mmlens meter and logger, in the standalone agent and in the
   * OpenTelemetry-agent extension alike, so a backend query finds both the same way.
   */
  public static final String SCOPE = "io.mmlens.agent";

  /** NUMA node of the zone (absent when the source has no node). */
  public static final AttributeKey<Long> NODE = AttributeKey.longKey("linux.memory.numa.node");
  /** Zone name as the kernel prints it (DMA, DMA32, Normal, Movable...). */
  public static final AttributeKey<String> ZONE = AttributeKey.stringKey("linux.memory.zone");
  /** Buddy allocator order (block of 2^order pages). */
  public static final AttributeKey<Long> ORDER = AttributeKey.longKey("linux.memory.order");
  /** Watermark level: min, low, high, boost, promo. */
  public static final AttributeKey<String> LEVEL =
      AttributeKey.stringKey("linux.memory.watermark.level");
  /** Class zone of a lowmem_reserve entry (the zone an allocation is aimed at). */
  public static final AttributeKey<String> CLASS_ZONE =
      AttributeKey.stringKey("linux.memory.class_zone");

  /** Migratetype as /proc/pagetypeinfo prints it (Unmovable, Movable, Reclaimable, ...). */
  public static final AttributeKey<String> MIGRATETYPE =
      AttributeKey.stringKey("linux.memory.migratetype");

  private final Supplier<MemorySnapshot> source;
  private final ObservableLongMeasurement free;
  private final ObservableLongMeasurement watermark;
  private final ObservableLongMeasurement managed;
  private final ObservableLongMeasurement protection;
  private final ObservableLongMeasurement freeBlocks;
  private final ObservableLongMeasurement freeBlocksByType;
  private final ObservableDoubleMeasurement extfrag;
  private final ObservableDoubleMeasurement unusable;
  private final ObservableLongMeasurement highestOrder;
  private final ObservableLongMeasurement headroom;
  private final VmMetrics vm;
  private final BatchCallback callback;

  /** Registers the instruments on {@code meter}; {@code source} is called once per collection. */
  public ZoneMetrics(Meter meter, Supplier<MemorySnapshot> source) {
    this.source = source;
    free = longGauge(meter, "linux.memory.zone.free", "{page}", "Free pages in the zone");
    watermark = longGauge(meter, "linux.memory.zone.watermark", "{page}",
        "Zone watermark (min/low/high, boost and promo where the kernel has them)");
    managed = longGauge(meter, "linux.memory.zone.managed", "{page}",
        "Pages managed by the buddy allocator in the zone");
    protection = longGauge(meter, "linux.memory.zone.protection", "{page}",
        "lowmem_reserve: pages this zone keeps back from allocations aimed at class_zone");
    freeBlocks = longGauge(meter, "linux.memory.zone.free_blocks", "{block}",
        "Free blocks of 2^order pages (/proc/buddyinfo)");
    // a separate instrument, not a migratetype attribute on free_blocks: summing free_blocks
    // over its attributes must keep meaning "free blocks of the zone"
    freeBlocksByType = longGauge(meter, "linux.memory.zone.migratetype.free_blocks", "{block}",
        "Free blocks of 2^order pages per migratetype (/proc/pagetypeinfo, only when enabled)");
    extfrag = meter.gaugeBuilder("linux.memory.zone.fragmentation.index").setUnit("1")
        .setDescription("Kernel external fragmentation index per order (-1: a block is free)")
        .buildObserver();
    unusable = meter.gaugeBuilder("linux.memory.zone.unusable.index").setUnit("1")
        .setDescription("Kernel unusable free space index per order (0..1)").buildObserver();
    highestOrder = longGauge(meter, "linux.memory.zone.highest_order", "{order}",
        "Highest order an allocation in this zone still passes at the watermark level (-1: none)");
    headroom = longGauge(meter, "linux.memory.zone.headroom", "By",
        "Free memory above the min watermark (negative below min)");
    vm = new VmMetrics(meter);
    ObservableMeasurement[] more = {watermark, managed, protection, freeBlocks, freeBlocksByType,
        extfrag, unusable, highestOrder, headroom};
    ObservableMeasurement[] vms = vm.measurements();
    ObservableMeasurement[] all = java.util.Arrays.copyOf(more, more.length + vms.length);
    System.arraycopy(vms, 0, all, more.length, vms.length);
    callback = meter.batchCallback(this::collect, free, all);
  }

  private static ObservableLongMeasurement longGauge(Meter m, String name, String unit, String d) {
    return m.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(d).buildObserver();
  }

  private void collect() {
    MemorySnapshot s = source.get();
    if (s == null) {
      return;
    }
    vm.record(s);
    List<ZoneState> zones = s.zones();
    List<ZoneAnalysis> analyses = s.analyses();
    for (int i = 0; i < zones.size(); i++) {
      ZoneState z = zones.get(i);
      Attributes base = base(z).build();
      free.record(z.free(), base);
      watermark.record(z.min(), base(z).put(LEVEL, "min").build());
      watermark.record(z.low(), base(z).put(LEVEL, "low").build());
      watermark.record(z.high(), base(z).put(LEVEL, "high").build());
      if (z.boost().isPresent()) {
        watermark.record(z.boost().getAsLong(), base(z).put(LEVEL, "boost").build());
      }
      if (z.promo().isPresent()) {
        watermark.record(z.promo().getAsLong(), base(z).put(LEVEL, "promo").build());
      }
      if (z.managed().isPresent()) {
        managed.record(z.managed().getAsLong(), base);
      }
      for (int c = 0; c < z.protectionLength(); c++) {
        String cls = className(zones, z.node(), c);
        protection.record(z.protectionFor(c), base(z).put(CLASS_ZONE, cls).build());
      }
      ZoneAnalysis a = i < analyses.size() ? analyses.get(i) : null;
      for (int o = 0; o < z.orders(); o++) {
        Attributes ao = base(z).put(ORDER, (long) o).build();
        freeBlocks.record(z.freeBlocksAt(o), ao);
        if (a != null && z.hasFreeBlocks()) {
          extfrag.record(a.extfragIndex(o) / 1000.0, ao);
          unusable.record(a.unusableIndex(o) / 1000.0, ao);
        }
      }
      Map<String, long[]> byType = z.freeBlocksByType();
      if (byType != null) {
        for (Map.Entry<String, long[]> t : byType.entrySet()) {
          long[] counts = t.getValue();
          for (int o = 0; o < counts.length; o++) {
            freeBlocksByType.record(counts[o],
                base(z).put(MIGRATETYPE, t.getKey()).put(ORDER, (long) o).build());
          }
        }
      }
      if (a != null) {
        highestOrder.record(a.highestOrderAtMin(), base(z).put(LEVEL, "min").build());
        highestOrder.record(a.highestOrderAtLow(), base(z).put(LEVEL, "low").build());
        headroom.record(a.headroomAboveMinBytes(), base);
      }
    }
  }

  /** Name of the zone with index {@code idx} on the same node, or the index as text. */
  private static String className(List<ZoneState> zones, Integer node, int idx) {
    for (ZoneState z : zones) {
      if (z.zoneIndex() == idx && java.util.Objects.equals(z.node(), node)) {
        return z.name();
      }
    }
    return Integer.toString(idx);
  }

  private static AttributesBuilder base(ZoneState z) {
    AttributesBuilder b = Attributes.builder().put(ZONE, z.name());
    if (z.node() != null) {
      b.put(NODE, (long) z.node());
    }
    return b;
  }

  @Override
  public void close() {
    callback.close();
  }
}
