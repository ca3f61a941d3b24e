package io.mmlens.core.zone;

/**
 * Zones transcribed from the show_mem dumps of the seed reports (/work/shared/seeds); kB values are
 * divided by the 4 kB page size, lowmem_reserve and buddy counts are copied as printed.
 */
final class SeedZones {

  private SeedZones() {}

  static ZoneState.Builder zone(String name, int index, long freeKb, long minKb, long lowKb, long highKb, long... reserve) {
    return ZoneState.builder(name)
        .node(0)
        .zoneIndex(index)
        .pageSize(4096)
        .free(freeKb / 4)
        .min(minKb / 4)
        .low(lowKb / 4)
        .high(highKb / 4)
        .protection(reserve);
  }

  /** Seed 003 (3.13.0-86-generic): {@code Node 0 DMA free:15908kB min:128kB ...}. */
  static ZoneState seed003Dma() {
    return zone("DMA", 0, 15908, 128, 160, 192, 0, 3746, 7968, 7968)
        .freeCma(0)
        .freeBlocks(new long[] {1, 0, 0, 1, 2, 1, 1, 0, 1, 1, 3})
        .blockTypes(new String[] {"U", "", "", "U", "U", "U", "U", "", "U", "R", "M"})
        .build();
  }

  /** Seed 003: {@code Node 0 DMA32 free:48516kB min:31704kB low:39628kB high:47556kB}. */
  static ZoneState seed003Dma32() {
    return zone("DMA32", 1, 48516, 31704, 39628, 47556, 0, 0, 4221, 4221)
        .freeCma(0)
        .freeBlocks(new long[] {1101, 745, 475, 263, 88, 25, 12, 6, 7, 0, 0})
        .blockTypes(new String[] {"UE", "UEM", "UEM", "EM", "UEM", "E", "EM", "E", "EM", "", ""})
        .build();
  }

  /** Seed 003: {@code Node 0 Normal free:35640kB min:35748kB low:44684kB high:53620kB}. */
  static ZoneState seed003Normal() {
    return zone("Normal", 2, 35640, 35748, 44684, 53620, 0, 0, 0, 0)
        .freeCma(0)
        .freeBlocks(new long[] {5769, 1495, 24, 0, 0, 0, 0, 0, 0, 0, 0})
        .blockTypes(new String[] {"EM", "EM", "UE", "", "", "", "", "", "", "", ""})
        .build();
  }

  /** Seed 004 (3.10.0-514.el7): {@code Node 0 Normal free:311184kB min:55536kB low:69420kB}. */
  static ZoneState seed004Normal() {
    return zone("Normal", 2, 311184, 55536, 69420, 83304, 0, 0, 0, 0)
        .freeCma(0)
        .freeBlocks(FragmentationIndexTest.SEED004_NORMAL)
        .blockTypes(new String[] {"UEM", "UEM", "UEM", "EM", "M", "M", "", "", "", "", ""})
        .build();
  }

  /** Seed 000 (2.6.32-431.17.1.el6, no letters): {@code Node 0 DMA32 free:431968kB min:688kB}. */
  static ZoneState seed000Dma32() {
    return zone("DMA32", 1, 431968, 688, 860, 1032, 0, 0, 190890, 190890)
        .freeBlocks(new long[] {10, 11, 12, 13, 12, 5, 7, 10, 9, 6, 98})
        .build();
  }

  /** Seed 000: {@code Node 0 Normal free:6593828kB min:44356kB low:55444kB high:66532kB}. */
  static ZoneState seed000Node0Normal() {
    return zone("Normal", 2, 6593828, 44356, 55444, 66532, 0, 0, 0, 0)
        .freeBlocks(FragmentationIndexTest.SEED000_NODE0_NORMAL)
        .build();
  }

  /** Seed 000: {@code Node 1 Normal free:43013460kB min:45060kB low:56324kB high:67588kB}. */
  static ZoneState seed000Node1Normal() {
    return zone("Normal", 2, 43013460, 45060, 56324, 67588, 0, 0, 0, 0)
        .node(1)
        .freeBlocks(new long[] {8390977, 1181188, 0, 0, 0, 0, 0, 0, 0, 0, 0})
        .build();
  }
}
