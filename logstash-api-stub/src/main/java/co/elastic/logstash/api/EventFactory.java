package co.elastic.logstash.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;

/** Signature of the factory plugins create new events with (compile-only stand-in). */
@FunctionalInterface
public interface EventFactory {
  default Event newEvent() {
    return newEvent(Collections.emptyMap());
  }

  Event newEvent(Map<? extends Serializable, Object> data);
}
