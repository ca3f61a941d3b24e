package co.elastic.logstash.api;

/** Signature of the deprecation logger (compile-only stand-in). */
public interface DeprecationLogger {
  void deprecated(String message, Object... params);
}
