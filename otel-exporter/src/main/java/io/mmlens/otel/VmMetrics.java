package io.mmlens.otel;

import io.mmlens.core.procfs.CgroupMemory;
import io.mmlens.core.procfs.Counters;
import io.mmlens.core.procfs.Pressure;
import io.mmlens.core.procfs.VmStat;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reclaim, compaction, OOM-kill, PSI and own-cgroup instruments; recorded from the same snapshot
 * as the zone family (registered in {@link ZoneMetrics}'s single batch callback).
 */
final class VmMetrics {

  static final AttributeKey<String> MODE = AttributeKey.stringKey("linux.memory.reclaim.mode");
  static final AttributeKey<String> RESULT =
      AttributeKey.stringKey("linux.memory.compaction.result");
  static final AttributeKey<String> STALL = AttributeKey.stringKey("linux.memory.pressure.stall");
  static final AttributeKey<String> EVENT = AttributeKey.stringKey("linux.memory.cgroup.event");

  private static final Attributes KSWAPD = Attributes.of(MODE, "kswapd");
  private static final Attributes DIRECT = Attributes.of(MODE, "direct");
  private static final Attributes STALLED = Attributes.of(RESULT, "stall");
  private static final Attributes FAILED = Attributes.of(RESULT, "fail");
  private static final Attributes SUCCEEDED = Attributes.of(RESULT, "success");
  private static final Attributes SOME = Attributes.of(STALL, "some");
  private static final Attributes FULL = Attributes.of(STALL, "full");

  private final ObservableLongMeasurement scanned;
  private final ObservableLongMeasurement reclaimed;
  private final ObservableLongMeasurement allocstall;
  private final ObservableLongMeasurement compaction;
  private final ObservableLongMeasurement oomKills;
  private final ObservableDoubleMeasurement pressure;
  private final ObservableLongMeasurement cgUsage;
  private final ObservableLongMeasurement cgLimit;
  private final ObservableLongMeasurement cgEvents;

  VmMetrics(Meter m) {
    scanned = counter(m, "linux.memory.reclaim.scanned", "{page}",
        "Pages scanned by reclaim (/proc/vmstat pgscan_kswapd, pgscan_direct)");
    reclaimed = counter(m, "linux.memory.reclaim.reclaimed", "{page}",
        "Pages reclaimed (/proc/vmstat pgsteal_kswapd, pgsteal_direct)");
    allocstall = counter(m, "linux.memory.reclaim.allocstall", "{stall}",
        "Allocations that entered direct reclaim (/proc/vmstat allocstall*)");
    compaction = counter(m, "linux.memory.compaction", "{event}",
        "Direct compaction stalls and their outcome (/proc/vmstat compact_*)");
    oomKills = counter(m, "linux.memory.oom_kills", "{kill}",
        "Processes killed by the OOM killer (/proc/vmstat oom_kill, 4.13+)");
    pressure = m.counterBuilder("linux.memory.pressure.stall.time").ofDoubles().setUnit("s")
        .setDescription("Total memory stall time (/proc/pressure/memory total=)").buildObserver();
    cgUsage = m.upDownCounterBuilder("linux.memory.cgroup.usage").setUnit("By")
        .setDescription("Memory usage of this process's memory cgroup").buildObserver();
    cgLimit = m.upDownCounterBuilder("linux.memory.cgroup.limit").setUnit("By")
        .setDescription("Memory limit of this process's memory cgroup (absent: unlimited)")
        .buildObserver();
    cgEvents = counter(m, "linux.memory.cgroup.events", "{event}",
        "memory.events (v2) / memory.oom_control (v1) counters of this process's cgroup");
  }

  private static ObservableLongMeasurement counter(Meter m, String n, String unit, String d) {
    return m.counterBuilder(n).setUnit(unit).setDescription(d).buildObserver();
  }

  ObservableMeasurement[] measurements() {
    return new ObservableMeasurement[] {
      scanned, reclaimed, allocstall, compaction, oomKills, pressure, cgUsage, cgLimit, cgEvents
    };
  }

  void record(MemorySnapshot s) {
    VmStat v = s.vmStat();
    if (v != null) {
      put(scanned, v.kswapdScanned(), KSWAPD);
      put(scanned, v.directScanned(), DIRECT);
      put(reclaimed, v.kswapdReclaimed(), KSWAPD);
      put(reclaimed, v.directReclaimed(), DIRECT);
      put(allocstall, v.allocstall(), Attributes.empty());
      put(compaction, v.compactStall(), STALLED);
      put(compaction, v.compactFail(), FAILED);
      put(compaction, v.compactSuccess(), SUCCEEDED);
      put(oomKills, v.oomKill(), Attributes.empty());
    }
    Pressure p = s.pressure();
    if (p != null) {
      if (p.some() != null) {
        pressure.record(p.some().totalMicros() / 1e6, SOME);
      }
      if (p.full() != null) {
        pressure.record(p.full().totalMicros() / 1e6, FULL);
      }
    }
    CgroupMemory cg = s.cgroup();
    if (cg != null) {
      put(cgUsage, cg.usageBytes(), Attributes.empty());
      if (!cg.unlimited()) {
        put(cgLimit, cg.limitBytes(), Attributes.empty());
      }
      Counters ev = cg.events();
      for (int i = 0; ev != null && i < ev.size(); i++) {
        cgEvents.record(ev.valueAt(i), eventAttributes(ev.nameAt(i)));
      }
    }
  }

  /** One attribute set per cgroup event name, reused across collections. */
  private Attributes eventAttributes(String name) {
    Attributes a = events.get(name);
    if (a == null) {
      a = Attributes.of(EVENT, name);
      events.put(name, a);
    }
    return a;
  }

  // only touched from ZoneMetrics' synchronized collect
  private final Map<String, Attributes> events = new HashMap<>();

  private static void put(ObservableLongMeasurement m, OptionalLong v, Attributes a) {
    if (v.isPresent()) {
      m.record(v.getAsLong(), a);
    }
  }
}
