package io.mmlens.it.agent;

import static io.mmlens.it.agent.AgentOtlpHttpTest.attrs;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.kmsg.TestCgroups;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real memcg OOM on this machine, caused while `mmlens daemon` follows /dev/kmsg, arrives at a
 * real OTLP/HTTP receiver as one log record: ERROR, the diagnosis as body, the report's fields as
 * attributes. Skips (with the reason) without a writable memory cgroup or a readable /dev/kmsg.
 */
class AgentKernelEventsTest {

  @Test
  void memcgOomBecomesOneLogRecord() throws Exception {
    Path cg = TestCgroups.createChild("mmlens-agent-events-test");
    Assumptions.assumeTrue(cg != null, "no writable memory cgroup or /dev/kmsg");
    Process daemon = null;
    Process[] hog = new Process[1];
    OtlpHttpReceiver receiver = new OtlpHttpReceiver();
    try {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      daemon = new ProcessBuilder(java, "-jar", AgentOtlpHttpTest.AGENT.toString(), "daemon",
          "otel.exporter.otlp.endpoint=" + receiver.endpoint(), "otel.metric.export.interval=600000")
          .inheritIO().start();
      // The follower skips the backlog and goes live on the first read that blocks (100 ms).
      Thread.sleep(3000);
      MemcgOom oom = MemcgOom.cause(cg, receiver, hog);
      oom.assertDecoded();
      Map<String, String> a = oom.attributes;
      // 6.x task table columns arrive with the report
      assertTrue(a.getOrDefault("linux.mm.tasks.columns", "").contains("rss_anon"), a.toString());
    } finally {
      if (hog[0] != null) {
        hog[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (daemon != null) {
        daemon.destroy(); // before the receiver goes: its exit flush has somewhere to go
        daemon.waitFor(20, TimeUnit.SECONDS);
      }
      receiver.close();
      TestCgroups.remove(cg);
    }
  }
}
