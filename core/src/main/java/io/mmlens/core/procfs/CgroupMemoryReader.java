package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Reads the memory cgroup files of a located cgroup through a {@link ProcFs}. */
public final class CgroupMemoryReader {

  private CgroupMemoryReader() {}

  public static Parsed<CgroupMemory> read(ProcFs fs, CgroupLocation loc) {
    List<Problem> problems = new ArrayList<>(0);
    String dir = loc.directory();
    boolean v1 = loc.version() == 1;
    OptionalLong usage = one(fs, dir + (v1 ? "/memory.usage_in_bytes" : "/memory.current"), problems);
    OptionalLong limit = one(fs, dir + (v1 ? "/memory.limit_in_bytes" : "/memory.max"), problems);
    OptionalLong failcnt = v1 ? one(fs, dir + "/memory.failcnt", problems) : OptionalLong.empty();
    String evPath = dir + (v1 ? "/memory.oom_control" : "/memory.events");
    Parsed<String> ev = fs.read(evPath);
    problems.addAll(ev.problems());
    Counters events = Counters.EMPTY;
    if (ev.ok()) {
      Parsed<Counters> c = KeyValueParser.parse(ev.value(), evPath);
      problems.addAll(c.problems());
      events = c.value();
    }
    return Parsed.of(new CgroupMemory(loc, usage, limit, failcnt, events), problems);
  }

  private static OptionalLong one(ProcFs fs, String path, List<Problem> problems) {
    Parsed<String> text = fs.read(path);
    problems.addAll(text.problems());
    if (!text.ok()) {
      return OptionalLong.empty();
    }
    Parsed<long[]> v = NumbersParser.parse(text.value(), path);
    problems.addAll(v.problems());
    return v.value().length == 0 ? OptionalLong.empty() : OptionalLong.of(v.value()[0]);
  }
}
