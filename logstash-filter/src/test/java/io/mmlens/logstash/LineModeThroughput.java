package io.mmlens.logstash;

import co.elastic.logstash.api.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second of {@code kernel_mm} in line mode, through the filter API in batches of 125,
 * with one shared filter instance. Not a unit test (timing belongs outside the build); run:
 *
 * <pre>
 * mvn -B -q -pl logstash-filter -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp logstash-filter/target/test-classes:logstash-filter/target/classes:$(cat \
 *     logstash-filter/target/cp.txt) io.mmlens.logstash.LineModeThroughput [threads] [seconds]
 * </pre>
 *
 * Two mixes: every line of every core report fixture (all kernel report lines), and a syslog
 * stream where one line in ten is such a line and the rest are ordinary daemon messages.
 */
public final class LineModeThroughput {

  private static final String[] OTHER = {
    "Nov 22 10:00:01 web1 CRON[21345]: (root) CMD (command -v debian-sa1 > /dev/null"
        + " && debian-sa1 1 1)",
    "Nov 22 10:00:02 web1 sshd[1022]: Accepted publickey for deploy from 10.0.4.17"
        + " port 51022 ssh2: ED25519 SHA256:Hc4kq",
    "Nov 22 10:00:02 web1 systemd[1]: Started Session 4121 of user deploy.",
    "Nov 22 10:00:03 web1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56"
        + " SRC=203.0.113.9 DST=10.0.4.2 LEN=40 PROTO=TCP SPT=41234 DPT=23",
    "Nov 22 10:00:04 web1 nginx[811]: 2026/11/22 10:00:04 [warn] 811#811: *1 an"
        + " upstream response is buffered to a temporary file",
    "Nov 22 10:00:05 web1 dockerd[733]: time=\"2026-11-22T10:00:05Z\" level=info"
        + " msg=\"ignoring event\" module=libcontainerd",
    "Nov 22 10:00:06 web1 kernel: eth0: renamed from veth3c1f2aa",
    "Nov 22 10:00:07 web1 postfix/smtpd[2331]: connect from unknown[198.51.100.4]",
    "Nov 22 10:00:08 web1 systemd-logind[640]: New session 4122 of user deploy.",
  };

  private LineModeThroughput() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<String> report = new ArrayList<>();
    for (List<String> log : Fixtures.reportLogs().values()) {
      report.addAll(log);
    }
    List<String> syslog = new ArrayList<>();
    for (int i = 0; i < report.size(); i++) {
      syslog.add(report.get(i));
      for (int j = 0; j < 9; j++) {
        syslog.add(OTHER[(i + j) % OTHER.length]);
      }
    }
    System.out.printf("java %s, %d thread(s), %d s per mix, batch 125%n",
        System.getProperty("java.version"), threads, seconds);
    measure("report lines only", report, threads, seconds);
    measure("syslog, 1 in 10 a report line", syslog, threads, seconds);
  }

  private static void measure(String name, List<String> lines, int threads, int seconds)
      throws Exception {
    KernelMm f = new KernelMm("bench", TestPlugins.config(Map.of()), TestPlugins.context());
    run(f, lines, threads, Math.max(2, seconds / 2) * 1000L); // warm-up
    long t0 = System.nanoTime();
    long n = run(f, lines, threads, seconds * 1000L);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%-32s %,12.0f events/s  (%,d events in %.1f s)%n", name, n / s, n, s);
  }

  private static long run(KernelMm f, List<String> lines, int threads, long millis)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong total = new AtomicLong();
    AtomicLong sink = new AtomicLong();
    long end = System.currentTimeMillis() + millis;
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int offset = t * 125;
      done.add(pool.submit(() -> {
        // Events are reused: decoding rewrites the same target, the same work as a new event.
        List<List<Event>> batches = new ArrayList<>();
        List<Event> b = new ArrayList<>();
        for (int i = 0; i < lines.size() * 4; i++) {
          b.add(TestEvent.of(lines.get((i + offset) % lines.size())));
          if (b.size() == 125) {
            batches.add(b);
            b = new ArrayList<>();
          }
        }
        long n = 0;
        while (System.currentTimeMillis() < end) {
          for (List<Event> batch : batches) {
            n += f.filter(batch, e -> sink.incrementAndGet()).size();
          }
        }
        total.addAndGet(n);
        return null;
      }));
    }
    for (Future<?> d : done) {
      d.get();
    }
    pool.shutdown();
    return total.get();
  }
}
