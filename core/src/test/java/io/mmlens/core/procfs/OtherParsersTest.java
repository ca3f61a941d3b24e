package io.mmlens.core.procfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OtherParsersTest {

  @Test
  void pagetypeinfoCapsAndBlocks() throws Exception {
    ProcFs fs = new ProcFs(BuddyInfoParserTest.fixture("era-5.10-zoneinfo"));
    Parsed<PageTypeInfo> p = PageTypeInfoParser.parse(fs.read("/proc/pagetypeinfo").value(), "/proc/pagetypeinfo");
    assertTrue(p.ok(), p.problems().toString());
    PageTypeInfo pt = p.value();
    assertEquals(9, pt.pageBlockOrder());
    assertEquals(512, pt.pagesPerBlock());
    PageTypeInfo.FreeRow movable = pt.free().get(5);
    assertEquals("Normal", movable.zone());
    assertEquals("Movable", movable.type());
    assertEquals(100000, movable.counts()[0]);
    assertTrue(movable.capped(0));
    assertTrue(movable.capped(1));
    assertFalse(movable.capped(2));
    assertEquals(
        java.util.Arrays.asList("Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"),
        pt.blockTypes());
    assertArrayEquals(new long[] {2, 1462, 0, 0, 64, 0}, pt.blocks().get(1).counts());
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 27}, pt.freeByType(0, "DMA32").get("CMA"));
  }

  @Test
  void pagetypeinfoMalformed() {
    String s =
        "Page block order: x\n"
            + "Node    0, zone   Normal, type    Unmovable      1   junk\n"
            + "Number of blocks type     Unmovable      Movable\n"
            + "Node 0, zone   Normal          412\n";
    assertEquals(
        "[/proc/pagetypeinfo:1: malformed: 'Page block order': expected a number, got 'x', "
            + "/proc/pagetypeinfo:2: malformed: column 1 of Node 0 Normal Unmovable: expected a number, got 'junk', "
            + "/proc/pagetypeinfo:4: malformed: Node 0 Normal has 1 block counts for 2 types]",
        PageTypeInfoParser.parse(s, "/proc/pagetypeinfo").problems().toString());
  }

  @Test
  void vmstatAccessorsAcrossEras() throws Exception {
    VmStat old =
        VmStatParser.parse(
                new ProcFs(BuddyInfoParserTest.fixture("era-2.6.32-zoneinfo")).read("/proc/vmstat").value(),
                "/proc/vmstat")
            .value();
    assertEquals(OptionalLong.of(99200), old.kswapdScanned());
    assertEquals(OptionalLong.of(5010), old.directScanned()); // pgscan_direct_throttle is not a zone
    assertEquals(OptionalLong.of(4132), old.allocstall());
    assertEquals(OptionalLong.empty(), old.oomKill());
    assertEquals(OptionalLong.of(11), old.get("compact_blocks_moved"));
    VmStat v49 =
        VmStatParser.parse(
                new ProcFs(BuddyInfoParserTest.fixture("era-4.9-zoneinfo")).read("/proc/vmstat").value(),
                "/proc/vmstat")
            .value();
    assertEquals(OptionalLong.of(54), v49.allocstall());
    assertEquals(OptionalLong.of(100100), v49.kswapdReclaimed());
    VmStat live =
        VmStatParser.parse(
                new ProcFs(BuddyInfoParserTest.fixture("linux-6.18-x86_64-capture")).read("/proc/vmstat").value(),
                "/proc/vmstat")
            .value();
    assertEquals(OptionalLong.of(9), live.oomKill());
    assertTrue(live.counters().size() > 150);
  }

  @Test
  void keyValueMalformed() {
    Parsed<Counters> p = KeyValueParser.parse("a 1\nb\nc 2 3\nMemTotal:  10 kB\nd -4\ne 1", "f");
    assertEquals(
        "[f:2: malformed: 'b': expected a number, got end of line, f:3: malformed: 'c': unexpected '3', "
            + "f:6: truncated: last line has no newline; the file may be cut off]",
        p.problems().toString());
    assertEquals(OptionalLong.of(10), p.value().get("MemTotal"));
    assertEquals(OptionalLong.of(-4), p.value().get("d"));
    assertEquals(OptionalLong.empty(), p.value().get("b"));
  }

  @Test
  void meminfoSeed000() throws Exception {
    MemInfo m =
        MemInfoParser.parse(
                new ProcFs(BuddyInfoParserTest.fixture("seed-000-linux-2.6.32-el6")).read("/proc/meminfo").value(),
                "/proc/meminfo")
            .value();
    assertEquals(OptionalLong.of(396867932), m.memTotalKb());
    assertEquals(OptionalLong.of(28038892), m.memFreeKb());
    assertEquals(OptionalLong.empty(), m.memAvailableKb()); // 2.6.32 has no MemAvailable
    assertEquals(OptionalLong.of(0), m.get("HugePages_Total"));
    assertEquals(OptionalLong.of(34359738367L), m.get("VmallocTotal"));
  }

  @Test
  void pressure() {
    Parsed<Pressure> p =
        PressureParser.parse(
            "some avg10=12.50 avg60=4.29 avg300=1.02 total=98123456\nfull avg10=8.01 avg60=2.77 avg300=0.61 total=61000010\n",
            "/proc/pressure/memory");
    assertTrue(p.ok());
    assertEquals(12.5, p.value().some().avg10());
    assertEquals(4.29, p.value().some().avg60());
    assertEquals(61000010, p.value().full().totalMicros());
    Parsed<Pressure> bad = PressureParser.parse("some avg10=x avg60=1 avg300=1 total=1\nhalf\n", "/proc/pressure/memory");
    assertEquals(
        "[/proc/pressure/memory:1: malformed: 'avg10=' expected a decimal, got 'x', "
            + "/proc/pressure/memory:2: malformed: expected 'some' or 'full', got 'half']",
        bad.problems().toString());
    assertNull(bad.value().some());
  }

  @Test
  void numbers() {
    assertArrayEquals(new long[] {256, 256, 32, 0, 0}, NumbersParser.parse("256\t256\t32\t0\t0\n", "r").value());
    assertArrayEquals(new long[] {Long.MAX_VALUE}, NumbersParser.parse("max\n", "m").value());
    assertEquals("[m: malformed: empty file, expected a number]", NumbersParser.parse("", "m").problems().toString());
    assertEquals(
        "[m:1: malformed: value 0: number too large]",
        NumbersParser.parse("99999999999999999999\n", "m").problems().toString());
    assertEquals("[m:1: malformed: value 1: expected a number, got 'abc']", NumbersParser.parse("1 abc\n", "m").problems().toString());
  }

  @Test
  void cgroupLocation() {
    String selfV1 = "4:memory:/process_api/abc\n0::/\n";
    String mi =
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
            + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
    CgroupLocation v1 = CgroupLocator.locate(selfV1, mi).value();
    assertEquals(1, v1.version());
    assertEquals("/sys/fs/cgroup/memory/process_api/abc", v1.directory());
    CgroupLocation v2 = CgroupLocator.locate("0::/user.slice/x.scope\n", mi).value();
    assertEquals(2, v2.version());
    assertEquals("/sys/fs/cgroup/unified/user.slice/x.scope", v2.directory());
    // cgroup namespace: the mount root hides the prefix of the path
    CgroupLocation ns =
        CgroupLocator.locate(
                "0::/kubepods/pod1\n", "50 40 0:40 /kubepods /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n")
            .value();
    assertEquals("/sys/fs/cgroup/pod1", ns.directory());
    Parsed<CgroupLocation> none = CgroupLocator.locate("garbage\n", mi);
    assertEquals(0, none.value().version());
    assertEquals(
        "[/proc/self/cgroup:1: malformed: expected 'id:controllers:path', got 'garbage', "
            + "/proc/self/cgroup: missing: no memory controller (v1) or 0:: (v2) line]",
        none.problems().toString());
  }

  @Test
  void cgroupV2Files() throws Exception {
    ProcFs fs = new ProcFs(BuddyInfoParserTest.fixture("cgroup-v2-5.15"));
    Parsed<CgroupLocation> loc = CgroupLocator.locate(fs);
    Parsed<CgroupMemory> cg = CgroupMemoryReader.read(fs, loc.value());
    assertTrue(cg.ok(), cg.problems().toString());
    assertEquals(OptionalLong.of(536338432), cg.value().usageBytes());
    assertEquals(OptionalLong.of(536870912), cg.value().limitBytes());
    assertFalse(cg.value().unlimited());
    assertEquals(OptionalLong.of(3), cg.value().oomKill());
    assertEquals(OptionalLong.of(1203), cg.value().events().get("max"));
    assertEquals(OptionalLong.empty(), cg.value().failcnt());
  }
}
