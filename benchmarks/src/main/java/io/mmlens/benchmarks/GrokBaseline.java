package io.mmlens.benchmarks;

import java.util.List;
import java.util.Map;
import org.elasticsearch.grok.Grok;
import org.elasticsearch.grok.GrokBuiltinPatterns;
import org.elasticsearch.grok.MatcherWatchdog;

/**
 * The grok an Elasticsearch / Logstash user writes today to pull the same fields out of kernel
 * OOM and allocation-failure reports: header, zone watermarks, buddy lists and the kill lines, one
 * line at a time. Like the ingest grok processor with several patterns, they are combined into
 * one alternation and matched against every line.
 */
final class GrokBaseline {

  // Syslog (with or without host), metalog "[kernel]", optional printk time, or a /dev/kmsg record.
  private static final String PFX =
      "^(?:%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGHOST:host} )?(?:kernel: |\\[kernel\\] )"
          + "|%{INT:level},%{INT:seq},%{INT:usec},[^;]*;)?(?:\\[\\s*%{NUMBER:uptime}\\] )?";

  static final List<String> PATTERNS = List.of(
      PFX + "%{DATA:process} invoked oom-killer: gfp_mask=%{BASE16NUM:gfp_mask}(?:\\(%{DATA:gfp_flags}\\))?, "
          + "(?:nodemask=%{DATA:nodemask}, )?order=%{INT:order}, (?:oom_adj=%{INT:oom_adj}, )?"
          + "oom_score_adj=%{INT:oom_score_adj}",
      PFX + "%{DATA:process}: page allocation failure[.:] order:%{INT:order}, ?mode:%{BASE16NUM:gfp_mask}",
      PFX + "(?:Node %{INT:node} )?%{WORD:zone} free:%{INT:free_kb}kB min:%{INT:min_kb}kB "
          + "low:%{INT:low_kb}kB high:%{INT:high_kb}kB",
      PFX + "(?:Node %{INT:node} )?%{WORD:zone}: %{GREEDYDATA:free_blocks} = %{INT:free_total_kb}kB",
      PFX + "(?:Out of memory|Memory cgroup out of memory): Kill process %{INT:victim_pid} "
          + "\\(%{DATA:victim_name}\\) score %{INT:score}",
      PFX + "(?:(?:Out of memory|Memory cgroup out of memory): )?Killed process %{INT:victim_pid}"
          + "(?:,UID %{INT:uid},| )\\(%{DATA:victim_name}\\) total-vm:%{INT:total_vm_kb}kB, ?"
          + "anon-rss:%{INT:anon_rss_kb}kB");

  private GrokBaseline() {}

  /** One grok for all patterns, as GrokProcessor builds it for a multi-pattern processor. */
  static Grok create() {
    StringBuilder combined = new StringBuilder();
    for (String p : PATTERNS) {
      if (combined.length() > 0) {
        combined.append('|');
      }
      combined.append("(?:").append(p).append(')');
    }
    return new Grok(GrokBuiltinPatterns.get(false), combined.toString(), MatcherWatchdog.noop(),
        msg -> {});
  }

  /** Fields of one line, or null when no pattern matched (the common case). */
  static Map<String, Object> captures(Grok grok, String line) {
    return grok.captures(line);
  }
}
