package io.mmlens.logstash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Event;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One filter instance shared by 8 pipeline workers in line mode, as Logstash runs it. */
class KernelMmConcurrencyTest {

  private static final int THREADS = 8;
  private static final int EVENTS = 1_000_000;
  private static final int BATCH = 125; // Logstash's default pipeline.batch.size

  @Test
  void eightWorkersOverAMillionEventsLoseAndDuplicateNothing() throws Exception {
    List<String> mix = new ArrayList<>();
    for (List<String> log : Fixtures.reportLogs().values()) {
      mix.addAll(log);
    }
    // Expected decodes per line, from a single-threaded pass of the same filter.
    KernelMm f = new KernelMm("kmm", TestPlugins.config(Map.of()), TestPlugins.context());
    boolean[] decodes = new boolean[mix.size()];
    String[] kinds = new String[mix.size()];
    for (int i = 0; i < mix.size(); i++) {
      Event e = TestEvent.of(mix.get(i));
      List<Event> one = new ArrayList<>();
      one.add(e);
      f.filter(one, x -> { });
      decodes[i] = e.includes("[linux][mm]");
      kinds[i] = (String) e.getField("[linux][mm][line_kind]");
    }
    long expectedMatches = 0;
    for (int id = 0; id < EVENTS; id++) {
      if (decodes[id % mix.size()]) {
        expectedMatches++;
      }
    }
    BitSet seen = new BitSet(EVENTS);
    AtomicLong matches = new AtomicLong();
    AtomicLong returned = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      final int worker = t;
      done.add(pool.submit(() -> {
        for (int start = worker * BATCH; start < EVENTS; start += THREADS * BATCH) {
          List<Event> batch = new ArrayList<>(BATCH);
          for (int id = start; id < Math.min(EVENTS, start + BATCH); id++) {
            Event e = TestEvent.of(mix.get(id % mix.size()));
            e.setField("id", id);
            batch.add(e);
          }
          Collection<Event> out = f.filter(batch, e -> matches.incrementAndGet());
          for (Event e : out) {
            int id = (int) (long) (Long) e.getField("id");
            int line = id % mix.size();
            if (!mix.get(line).equals(e.getField("message"))
                || decodes[line] != e.includes("[linux][mm]")
                || (decodes[line] && !kinds[line].equals(e.getField("[linux][mm][line_kind]")))) {
              throw new AssertionError("event " + id + " decoded differently: " + e);
            }
            synchronized (seen) {
              if (seen.get(id)) {
                throw new AssertionError("duplicated " + id);
              }
              seen.set(id);
            }
            returned.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> d : done) {
      d.get();
    }
    pool.shutdown();
    assertEquals(EVENTS, returned.get());
    assertEquals(EVENTS, seen.cardinality());
    assertEquals(expectedMatches, matches.get());
    // the seed lines are the mix: headers, zones, buddy lists, kills decode; traces do not
    assertTrue(expectedMatches > EVENTS / 10, expectedMatches + " of " + EVENTS);
  }
}
