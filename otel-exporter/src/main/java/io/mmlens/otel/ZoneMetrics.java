package io.mmlens.otel;

import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    ObservableMeasurement[] all = Arrays.copyOf(more, more.length + vms.length);
    System.arraycopy(vms, 0, all, more.length, vms.length);
    callback = meter.batchCallback(this::collect, free, all);
  }

  /**
   * {@code reader} reading only what these instruments export: /proc/meminfo and the
   * /proc/sys/vm settings feed none of them, so each collection skips those five files.
   */
  public static SnapshotReader forMetrics(SnapshotReader reader) {
    return reader.includeMemInfo(false).includeSysctl(false);
  }

  private static ObservableLongMeasurement longGauge(Meter m, String name, String unit, String d) {
    return m.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(d).buildObserver();
  }

  // synchronized: two readers (e.g. OTLP and Prometheus) may collect at once, and the attribute
  // cache below is shared between collections
  private synchronized void collect() {
    MemorySnapshot s = source.get();
    if (s == null) {
      return;
    }
    vm.record(s);
    List<ZoneState> zones = s.zones();
    List<ZoneAnalysis> analyses = s.analyses();
    for (int i = 0; i < zones.size(); i++) {
      ZoneState z = zones.get(i);
      ZoneAttributes za = zoneAttributes(i, z);
      Attributes base = za.base;
      free.record(z.free(), base);
      watermark.record(z.min(), za.min);
      watermark.record(z.low(), za.low);
      watermark.record(z.high(), za.high);
      if (z.boost().isPresent()) {
        watermark.record(z.boost().getAsLong(), za.boost);
      }
      if (z.promo().isPresent()) {
        watermark.record(z.promo().getAsLong(), za.promo);
      }
      if (z.managed().isPresent()) {
        managed.record(z.managed().getAsLong(), base);
      }
      for (int c = 0; c < z.protectionLength(); c++) {
        protection.record(z.protectionFor(c), za.protection(c, className(zones, z.node(), c)));
      }
      ZoneAnalysis a = i < analyses.size() ? analyses.get(i) : null;
      for (int o = 0; o < z.orders(); o++) {
        Attributes ao = za.order(o);
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
            freeBlocksByType.record(counts[o], za.typeOrder(t.getKey(), o));
          }
        }
      }
      if (a != null) {
        highestOrder.record(a.highestOrderAtMin(), za.min);
        highestOrder.record(a.highestOrderAtLow(), za.low);
        headroom.record(a.headroomAboveMinBytes(), base);
      }
    }
  }

  /**
   * The cached attributes of the zone at position {@code i}, rebuilt only when a different zone
   * appears there. Building them anew on every collection was a third of its allocation
   * (AgentOverhead: 79 KB per collection before, see docs/benchmarks.md).
   */
  private ZoneAttributes zoneAttributes(int i, ZoneState z) {
    while (zoneAttributes.size() <= i) {
      zoneAttributes.add(null);
    }
    ZoneAttributes za = zoneAttributes.get(i);
    if (za == null || !za.name.equals(z.name()) || !Objects.equals(za.node, z.node())) {
      za = new ZoneAttributes(z);
      zoneAttributes.set(i, za);
    }
    return za;
  }

  private final List<ZoneAttributes> zoneAttributes = new ArrayList<>();

  /** Attribute sets of one zone; they never change while the zone exists. */
  private static final class ZoneAttributes {
    final String name;
    final Integer node;
    final Attributes base;
    final Attributes min;
    final Attributes low;
    final Attributes high;
    final Attributes boost;
    final Attributes promo;
    private Attributes[] orders = new Attributes[0];
    private String[] protectionClasses = new String[0];
    private Attributes[] protections = new Attributes[0];
    private final Map<String, Attributes[]> typeOrders = new HashMap<>();

    ZoneAttributes(ZoneState z) {
      name = z.name();
      node = z.node();
      base = base(z).build();
      min = base(z).put(LEVEL, "min").build();
      low = base(z).put(LEVEL, "low").build();
      high = base(z).put(LEVEL, "high").build();
      boost = base(z).put(LEVEL, "boost").build();
      promo = base(z).put(LEVEL, "promo").build();
    }

    Attributes order(int o) {
      if (o >= orders.length) {
        orders = Arrays.copyOf(orders, o + 1);
      }
      if (orders[o] == null) {
        orders[o] = base.toBuilder().put(ORDER, (long) o).build();
      }
      return orders[o];
    }

    Attributes protection(int c, String cls) {
      if (c >= protections.length) {
        protections = Arrays.copyOf(protections, c + 1);
        protectionClasses = Arrays.copyOf(protectionClasses, c + 1);
      }
      if (protections[c] == null || !cls.equals(protectionClasses[c])) {
        protections[c] = base.toBuilder().put(CLASS_ZONE, cls).build();
        protectionClasses[c] = cls;
      }
      return protections[c];
    }

    Attributes typeOrder(String type, int o) {
      Attributes[] byOrder = typeOrders.get(type);
      if (byOrder == null || o >= byOrder.length) {
        byOrder = byOrder == null ? new Attributes[o + 1] : Arrays.copyOf(byOrder, o + 1);
        typeOrders.put(type, byOrder);
      }
      if (byOrder[o] == null) {
        byOrder[o] = base.toBuilder().put(MIGRATETYPE, type).put(ORDER, (long) o).build();
      }
      return byOrder[o];
    }
  }

  /** Name of the zone with index {@code idx} on the same node, or the index as text. */
  private static String className(List<ZoneState> zones, Integer node, int idx) {
    for (ZoneState z : zones) {
      if (z.zoneIndex() == idx && Objects.equals(z.node(), node)) {
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
