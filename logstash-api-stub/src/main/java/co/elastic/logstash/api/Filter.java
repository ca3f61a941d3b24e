package co.elastic.logstash.api;

import java.util.Collection;
import java.util.Collections;

/** Signature of Logstash's Java filter interface (compile-only stand-in). */
public interface Filter extends Plugin {
  Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener);

  /** Since Logstash 8.6.0; older versions never call it. */
  default void close() {
    return;
  }

  default Collection<Event> flush(FilterMatchListener matchListener) {
    return Collections.emptyList();
  }

  default boolean requiresFlush() {
    return false;
  }

  default boolean requiresPeriodicFlush() {
    return false;
  }
}
