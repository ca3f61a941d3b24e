package co.elastic.logstash.api;

/** Signature of the metric root (compile-only stand-in). */
public interface Metric {
  NamespacedMetric namespace(String... key);
}
