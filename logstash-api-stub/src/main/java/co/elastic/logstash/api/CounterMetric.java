package co.elastic.logstash.api;

/** Signature of a counter metric (compile-only stand-in). */
public interface CounterMetric {
  void increment();

  void increment(long delta);

  long getValue();

  void reset();
}
