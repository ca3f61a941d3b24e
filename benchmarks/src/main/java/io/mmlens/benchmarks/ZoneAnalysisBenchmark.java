package io.mmlens.benchmarks;

import io.mmlens.core.zone.AllocRequest;
import io.mmlens.core.zone.FragmentationIndex;
import io.mmlens.core.zone.Watermark;
import io.mmlens.core.zone.WatermarkAlgorithm;
import io.mmlens.core.zone.WatermarkCheck;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of zone analysis for one snapshot's worth of zones (the three zones of the build machine's
 * kernel 6.18: DMA, DMA32, Normal, 11 orders), part of the ≤200 µs / ≤64 KB snapshot budget. Run
 * with {@code -prof gc} for bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZoneAnalysisBenchmark {

  private ZoneState[] zones;
  private AllocRequest atomicOrder3;

  @Setup
  public void setup() {
    // Counts from core/src/test/resources/zone/linux-6.18-live/buddyinfo; watermarks of that machine's zoneinfo shape.
    zones = new ZoneState[] {
      zone("DMA", 0, 3840, 2, 2, 3, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3}, 0, 2000, 7000, 7000, 7000),
      zone("DMA32", 1, 771_000, 600, 750, 900, new long[] {1, 2, 4, 2, 5, 4, 3, 3, 4, 2, 752}, 0, 0, 5000, 5000, 5000),
      zone("Normal", 2, 80_000, 3000, 3750, 4500, new long[] {1110, 1551, 1133, 660, 367, 184, 104, 37, 12, 2, 57}, 0, 0, 0, 0, 0),
    };
    atomicOrder3 = AllocRequest.builder(3, 2).atomic().build();
  }

  private static ZoneState zone(String name, int index, long free, long min, long low, long high, long[] blocks, long... protection) {
    return ZoneState.builder(name).node(0).zoneIndex(index).free(free).min(min).low(low).high(high)
        .protection(protection).freeBlocks(blocks).build();
  }

  /** ZoneAnalysis for every zone of a snapshot (what MemorySnapshot does per capture). */
  @Benchmark
  public void analyseSnapshotZones(Blackhole bh) {
    for (ZoneState z : zones) {
      bh.consume(ZoneAnalysis.of(z, WatermarkAlgorithm.MODERN));
    }
  }

  /** The same with the pre-4.4 per-order loop. */
  @Benchmark
  public void analyseSnapshotZonesLegacy(Blackhole bh) {
    for (ZoneState z : zones) {
      bh.consume(ZoneAnalysis.of(z, WatermarkAlgorithm.LEGACY));
    }
  }

  /** One flagged watermark check with its result object. */
  @Benchmark
  public Object watermarkCheck() {
    return WatermarkCheck.check(zones[2], atomicOrder3, Watermark.MIN, WatermarkAlgorithm.MODERN);
  }

  /** Both index arrays for one zone. */
  @Benchmark
  public void fragmentationIndices(Blackhole bh) {
    long[] b = zones[2].freeBlocks();
    bh.consume(FragmentationIndex.extfragIndices(b));
    bh.consume(FragmentationIndex.unusableIndices(b));
  }
}
