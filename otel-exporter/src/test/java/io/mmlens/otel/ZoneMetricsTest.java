package io.mmlens.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Zone metrics decoded from a real 6.18 x86_64 /proc capture (core fixture). */
class ZoneMetricsTest {

  private static final String ROOT = "../core/src/test/resources/proc/linux-6.18-x86_64-capture";

  @Test
  void watermarksFreeBlocksAndIndicesComeFromTheCapture() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    AtomicInteger reads = new AtomicInteger();
    SnapshotReader snapshots = new SnapshotReader(new ProcFs(Paths.get(ROOT))).pageSize(4096);
    try (ZoneMetrics m = new ZoneMetrics(provider.get("test"), () -> {
      reads.incrementAndGet();
      return snapshots.read();
    })) {
      Collection<MetricData> data = reader.collectAllMetrics();
      assertEquals(1, reads.get(), "one /proc read per collection");
      Attributes dma32Min = Attributes.builder().put(ZoneMetrics.ZONE, "DMA32")
          .put(ZoneMetrics.NODE, 0L).put(ZoneMetrics.LEVEL, "min").build();
      assertEquals(11483L, longPoint(data, "linux.memory.zone.watermark", dma32Min));
      Attributes normalLow = Attributes.builder().put(ZoneMetrics.ZONE, "Normal")
          .put(ZoneMetrics.NODE, 0L).put(ZoneMetrics.LEVEL, "low").build();
      assertEquals(6693L, longPoint(data, "linux.memory.zone.watermark", normalLow));
      MemorySnapshot s = snapshots.read();
      for (int i = 0; i < s.zones().size(); i++) {
        if (!s.zones().get(i).hasFreeBlocks()) {
          continue; // Movable/Device: in zoneinfo but not in buddyinfo
        }
        Attributes o0 = Attributes.builder().put(ZoneMetrics.ZONE, s.zones().get(i).name())
            .put(ZoneMetrics.NODE, 0L).put(ZoneMetrics.ORDER, 0L).build();
        assertEquals(s.zones().get(i).freeBlocksAt(0),
            longPoint(data, "linux.memory.zone.free_blocks", o0));
        assertEquals(s.analyses().get(i).extfragIndex(0) / 1000.0,
            doublePoint(data, "linux.memory.zone.fragmentation.index", o0));
      }
      assertEquals(9L, find(data, "linux.memory.oom_kills").getLongSumData().getPoints()
          .iterator().next().getValue(), "vmstat oom_kill 9");
      assertTrue(find(data, "linux.memory.oom_kills").getLongSumData().isMonotonic());
      double some = find(data, "linux.memory.pressure.stall.time").getDoubleSumData().getPoints()
          .stream().filter(p -> p.getAttributes().equals(Attributes.of(VmMetrics.STALL, "some")))
          .findFirst().orElseThrow(AssertionError::new).getValue();
      assertEquals(0.004032, some, 1e-12, "PSI some total=4032 us");
      MetricData unit = find(data, "linux.memory.zone.headroom");
      assertEquals("By", unit.getUnit());
      assertEquals("{page}", find(data, "linux.memory.zone.free").getUnit());
      assertTrue(find(data, "linux.memory.zone.fragmentation.index").getDoubleGaugeData()
          .getPoints().size() >= 3 * 11, "one point per zone and order");
    }
    provider.close();
  }

  @Test
  void theMetricsReaderSkipsOnlyWhatNoInstrumentUses() {
    // the same capture through a full reader and through forMetrics: identical points
    String[] out = new String[2];
    for (int i = 0; i < 2; i++) {
      InMemoryMetricReader reader = InMemoryMetricReader.create();
      try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
        SnapshotReader snapshots = new SnapshotReader(new ProcFs(Paths.get(ROOT))).pageSize(4096);
        SnapshotReader r = i == 0 ? snapshots : ZoneMetrics.forMetrics(snapshots);
        new ZoneMetrics(provider.get("test"), r::read);
        StringBuilder b = new StringBuilder();
        reader.collectAllMetrics().stream().sorted(java.util.Comparator.comparing(MetricData::getName))
            .forEach(d -> d.getData().getPoints().stream().map(p -> d.getName() + p.getAttributes()
                + "=" + value(p)).sorted().forEach(x -> b.append(x).append('\n')));
        out[i] = b.toString();
      }
    }
    assertTrue(out[0].split("\n").length > 150, out[0]);
    assertEquals(out[0], out[1]);
    assertEquals(null, ZoneMetrics.forMetrics(new SnapshotReader(new ProcFs(Paths.get(ROOT)))).read().memInfo());
  }

  private static Object value(PointData p) {
    return p instanceof io.opentelemetry.sdk.metrics.data.LongPointData
        ? (Object) ((io.opentelemetry.sdk.metrics.data.LongPointData) p).getValue()
        : (Object) ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue();
  }

  @Test
  void perMigratetypeFreeBlocksOnlyWhenPagetypeinfoIsRead() {
    for (boolean on : new boolean[] {false, true}) {
      InMemoryMetricReader reader = InMemoryMetricReader.create();
      SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
      SnapshotReader snapshots = new SnapshotReader(new ProcFs(Paths.get(ROOT))).pageSize(4096)
          .includePagetypeinfo(on);
      try (ZoneMetrics m = new ZoneMetrics(provider.get("test"), snapshots::read)) {
        Collection<MetricData> data = reader.collectAllMetrics();
        boolean present = data.stream()
            .anyMatch(d -> d.getName().equals("linux.memory.zone.migratetype.free_blocks"));
        assertEquals(on, present, "pagetypeinfo read: " + on);
        if (on) {
          // the capture's pagetypeinfo: "Node 0, zone Normal, type Unmovable 1 665 525 ..."
          Attributes unmovable1 = Attributes.builder().put(ZoneMetrics.ZONE, "Normal")
              .put(ZoneMetrics.NODE, 0L).put(ZoneMetrics.MIGRATETYPE, "Unmovable")
              .put(ZoneMetrics.ORDER, 1L).build();
          assertEquals(665L, longPoint(data, "linux.memory.zone.migratetype.free_blocks", unmovable1));
          Attributes movable10 = Attributes.builder().put(ZoneMetrics.ZONE, "DMA32")
              .put(ZoneMetrics.NODE, 0L).put(ZoneMetrics.MIGRATETYPE, "Movable")
              .put(ZoneMetrics.ORDER, 10L).build();
          assertEquals(752L, longPoint(data, "linux.memory.zone.migratetype.free_blocks", movable10));
        }
      }
      provider.close();
    }
  }

  @Test
  void attributesFollowTheZonesWhenTheyChangeBetweenCollections() {
    // attributes are cached per zone position across collections: a different zone set at the
    // same positions (here: another machine's capture) must not keep the old names
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    SnapshotReader x86 = new SnapshotReader(new ProcFs(Paths.get(ROOT))).pageSize(4096);
    SnapshotReader arm = new SnapshotReader(
        new ProcFs(Paths.get("../core/src/test/resources/proc/arm64-64k-6.1"))).pageSize(65536);
    AtomicInteger n = new AtomicInteger();
    try (ZoneMetrics m = new ZoneMetrics(provider.get("test"),
        () -> n.getAndIncrement() % 2 == 0 ? x86.read() : arm.read())) {
      for (SnapshotReader expected : new SnapshotReader[] {x86, arm, x86}) {
        java.util.Set<Attributes> want = new java.util.HashSet<>();
        for (io.mmlens.core.zone.ZoneState z : expected.read().zones()) {
          want.add(z.node() == null ? Attributes.of(ZoneMetrics.ZONE, z.name())
              : Attributes.of(ZoneMetrics.ZONE, z.name(), ZoneMetrics.NODE, (long) z.node()));
        }
        assertTrue(!want.isEmpty());
        java.util.Set<Attributes> got = new java.util.HashSet<>();
        find(reader.collectAllMetrics(), "linux.memory.zone.free").getLongGaugeData().getPoints()
            .forEach(p -> got.add(p.getAttributes()));
        assertEquals(want, got);
      }
      assertTrue(!x86.read().zones().get(0).name().equals(arm.read().zones().get(0).name())
          || x86.read().zones().size() != arm.read().zones().size(), "the two zone sets differ");
    }
  }

  private static MetricData find(Collection<MetricData> data, String name) {
    return data.stream().filter(d -> d.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + data));
  }

  private static long longPoint(Collection<MetricData> data, String name, Attributes a) {
    return find(data, name).getLongGaugeData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(a)).findFirst()
        .orElseThrow(() -> new AssertionError("no point " + a)).getValue();
  }

  private static double doublePoint(Collection<MetricData> data, String name, Attributes a) {
    return find(data, name).getDoubleGaugeData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(a)).map(PointData.class::cast).findFirst()
        .map(p -> ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue())
        .orElseThrow(() -> new AssertionError("no point " + a));
  }
}
