package co.elastic.logstash.api;

import java.util.function.Supplier;

/**
 * Signature of a namespaced metric (compile-only stand-in). {@code timer} (8.7+) and {@code
 * register} (9.2+) are left out on purpose: calling them would break older Logstash versions.
 */
public interface NamespacedMetric extends Metric {
  void gauge(String metric, Object value);

  CounterMetric counter(String metric);

  void increment(String metric);

  void increment(String metric, int delta);

  <T> T time(String metric, Supplier<T> callable);

  void reportTime(String metric, long duration);

  String[] namespaceName();

  Metric root();
}
