package io.mmlens.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Problem;
import io.mmlens.core.json.Json;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.zone.WatermarkAlgorithm;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SnapshotReaderTest {

  static Path tree(String name) throws Exception {
    return FixtureGoldenTest.fixturesDir().resolve(name);
  }

  @Test
  void capture618() throws Exception {
    MemorySnapshot s = new SnapshotReader(new ProcFs(tree("linux-6.18-x86_64-capture"))).read();
    assertEquals("[]", s.problems().toString());
    assertEquals("6.18.44-fc-v657", s.releaseText());
    assertEquals(WatermarkAlgorithm.MODERN, s.algorithm());
    assertEquals(5, s.zones().size());
    ZoneState normal = s.zones().get(2);
    assertEquals("Normal", normal.name());
    assertEquals(2, normal.zoneIndex());
    assertEquals(314840, normal.free());
    assertEquals(5355, normal.min());
    assertEquals(5355L * 4096, normal.bytes(normal.min()));
    assertArrayEquals(new long[] {1132, 1038, 1142, 1247, 1030, 761, 502, 279, 144, 92, 102}, normal.freeBlocks());
    assertNull(normal.freeBlocksByType()); // pagetypeinfo is off by default
    ZoneAnalysis a = s.analyses().get(2);
    assertEquals(10, a.largestFreeOrder());
    assertEquals(10, a.highestOrderAtLow());
    assertEquals(314840 - 5355, a.headroomAboveMinPages());
    assertEquals(4, s.zones().get(4).zoneIndex()); // Device counts though unpopulated
    assertEquals(OptionalLong.of(67584), s.sysVm().minFreeKbytes());
    assertEquals(OptionalLong.of(9), s.vmStat().oomKill());
    assertEquals(1, s.cgroup().location().version());
    assertTrue(s.cgroup().unlimited());
    assertEquals(4032, s.pressure().some().totalMicros());
    assertEquals(OptionalLong.of(2309), s.zoneInfo().nodeStats().get(0).get("nr_inactive_anon"));
    // the JSON tree is serializable by the shared writer
    assertTrue(Json.write(s.toMap()).contains("\"highest_order_at_low\":10"));
  }

  @Test
  void meminfoAndSysctlCanBeLeftUnread() throws Exception {
    MemorySnapshot full = new SnapshotReader(new ProcFs(tree("linux-6.18-x86_64-capture"))).read();
    MemorySnapshot lean = new SnapshotReader(new ProcFs(tree("linux-6.18-x86_64-capture")))
        .includeMemInfo(false).includeSysctl(false).read();
    assertTrue(full.memInfo().get("MemTotal").isPresent());
    assertNull(lean.memInfo());
    assertNull(lean.sysVm());
    assertEquals("[]", lean.problems().toString());
    // zones and their analysis need neither
    assertEquals(Json.write(full.toMap().get("zones")), Json.write(lean.toMap().get("zones")));
    assertEquals(full.analyses().get(2).headroomAboveMinPages(), lean.analyses().get(2).headroomAboveMinPages());
  }

  @Test
  void pagetypeinfoOptionAndPageSize() throws Exception {
    MemorySnapshot s =
        new SnapshotReader(new ProcFs(tree("era-5.10-zoneinfo"))).includePagetypeinfo(true).read();
    ZoneState dma32 = s.zones().get(1);
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 27}, dma32.freeBlocksByType().get("CMA"));
    assertEquals(OptionalLong.of(30211), dma32.freeCma());
    assertEquals(OptionalLong.of(1460), dma32.boost());
    MemorySnapshot arm = new SnapshotReader(new ProcFs(tree("arm64-64k-6.1"))).pageSize(65536).read();
    ZoneState dma = arm.zones().get(0);
    assertEquals(14, dma.orders());
    assertEquals(45L * 65536, dma.bytes(dma.min()));
    assertEquals(13, arm.analyses().get(0).largestFreeOrder());
  }

  @Test
  void releaseOverrideSelectsAlgorithm() throws Exception {
    MemorySnapshot s =
        new SnapshotReader(new ProcFs(tree("era-3.10-zoneinfo"))).release("4.19.0").read();
    assertEquals(WatermarkAlgorithm.MODERN_PRE_6_3, s.algorithm());
    assertEquals(
        WatermarkAlgorithm.LEGACY,
        new SnapshotReader(new ProcFs(tree("era-3.10-zoneinfo"))).read().algorithm());
  }

  @Test
  void seedWithoutZoneinfoSaysWhatIsMissing() throws Exception {
    MemorySnapshot s = new SnapshotReader(new ProcFs(tree("seed-004-linux-3.10-el7"))).read();
    assertEquals(3, s.zones().size());
    assertEquals(-1, s.zones().get(2).zoneIndex());
    assertEquals(40153 + 2 * 12774 + 4 * 302 + 8 * 17, s.zones().get(2).free());
    assertEquals(3, s.analyses().get(2).largestFreeOrder());
    assertTrue(s.problems().contains(new Problem("/proc/zoneinfo", 0, Problem.Kind.MISSING, "no such file")));
    assertNull(s.vmStat());
    assertNull(s.cgroup());
  }

  @Test
  void liveMachineAgreesWithItsOwnFiles() {
    // The live kernel: every zone in zoneinfo appears with its watermarks; zones with free blocks
    // have as many orders as buddyinfo prints. Values move, so only structure is compared.
    MemorySnapshot s = new SnapshotReader(new ProcFs()).read();
    assertTrue(s.zoneInfo() != null, s.problems().toString());
    assertEquals(s.zoneInfo().zones().size(), s.zones().size());
    for (int i = 0; i < s.zones().size(); i++) {
      assertEquals(s.zoneInfo().zones().get(i).min(), s.zones().get(i).min());
      assertEquals(s.zoneInfo().zones().get(i).indexInNode(), s.zones().get(i).zoneIndex());
    }
    for (io.mmlens.core.procfs.BuddyInfo.Zone b : s.buddyInfo().zones()) {
      ZoneState z = null;
      for (ZoneState c : s.zones()) {
        if (c.name().equals(b.zone()) && c.node() == b.node()) {
          z = c;
        }
      }
      assertEquals(b.orders(), z.orders(), b.zone());
    }
  }
}
