package co.elastic.logstash.api;

import org.apache.logging.log4j.Logger;

/** Signature of the services Logstash hands a plugin (compile-only stand-in). */
public interface Context {
  DeadLetterQueueWriter getDlqWriter();

  NamespacedMetric getMetric(Plugin plugin);

  Logger getLogger(Plugin plugin);

  DeprecationLogger getDeprecationLogger(Plugin plugin);

  EventFactory getEventFactory();
}
