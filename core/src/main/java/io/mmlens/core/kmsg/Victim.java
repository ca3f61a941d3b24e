package io.mmlens.core.kmsg;

import java.util.LinkedHashMap;
import java.util.Map;

/** The process the OOM killer chose, from the kill / Killed process lines (kB as printed). */
public final class Victim {
  Long pid;
  String name;
  Long uid;
  Long score;
  Long totalVmKb;
  Long anonRssKb;
  Long fileRssKb;
  Long shmemRssKb;
  Long pgtablesKb;
  Long oomScoreAdj;
  boolean killed;

  Victim() {}

  public Long pid() {
    return pid;
  }

  public String name() {
    return name;
  }

  public Long uid() {
    return uid;
  }

  public Long anonRssKb() {
    return anonRssKb;
  }

  public Long fileRssKb() {
    return fileRssKb;
  }

  public Long shmemRssKb() {
    return shmemRssKb;
  }

  public Long totalVmKb() {
    return totalVmKb;
  }

  /** True when a {@code Killed process} line confirmed the kill. */
  public boolean killed() {
    return killed;
  }

  /** pid, name, uid, score, total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb, ... */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", pid);
    m.put("name", name);
    put(m, "uid", uid);
    put(m, "score", score);
    put(m, "total_vm_kb", totalVmKb);
    put(m, "anon_rss_kb", anonRssKb);
    put(m, "file_rss_kb", fileRssKb);
    put(m, "shmem_rss_kb", shmemRssKb);
    put(m, "pgtables_kb", pgtablesKb);
    put(m, "oom_score_adj", oomScoreAdj);
    m.put("killed", killed);
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
