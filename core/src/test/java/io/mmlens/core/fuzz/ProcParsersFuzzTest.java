package io.mmlens.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mmlens.core.Parsed;
import io.mmlens.core.procfs.BuddyInfo;
import io.mmlens.core.procfs.BuddyInfoParser;
import io.mmlens.core.procfs.KeyValueParser;
import io.mmlens.core.procfs.MemInfoParser;
import io.mmlens.core.procfs.NumbersParser;
import io.mmlens.core.procfs.PageTypeInfoParser;
import io.mmlens.core.procfs.PressureParser;
import io.mmlens.core.procfs.VmStatParser;
import io.mmlens.core.procfs.ZoneInfoParser;
import io.mmlens.core.zone.DebugfsIndexParser;
import io.mmlens.core.zone.FragmentationIndex;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes every /proc parser (and the debugfs index parser) with one input: each must return what
 * it could decode plus problems, never throw. Buddy counts that decode also go through both
 * kernel indices. Seeds: the fixture trees' files (ProcParsersFuzzTestInputs).
 */
class ProcParsersFuzzTest {

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    ZoneInfoParser.parse(text, "zoneinfo").value();
    Parsed<BuddyInfo> buddy = BuddyInfoParser.parse(text, "buddyinfo");
    if (buddy.value() != null) {
      for (BuddyInfo.Zone z : buddy.value().zones()) {
        FragmentationIndex.extfragIndices(z.counts());
        FragmentationIndex.unusableIndices(z.counts());
      }
      buddy.value().toMap();
    }
    PageTypeInfoParser.parse(text, "pagetypeinfo");
    VmStatParser.parse(text, "vmstat");
    MemInfoParser.parse(text, "meminfo");
    PressureParser.parse(text, "pressure");
    KeyValueParser.parse(text, "memory.events");
    NumbersParser.parse(text, "lowmem_reserve_ratio");
    DebugfsIndexParser.parse(text, "extfrag_index");
  }
}
