package co.elastic.logstash.api;

import java.io.IOException;

/** Signature of the dead letter queue writer (compile-only stand-in; unused by the filter). */
public interface DeadLetterQueueWriter {
  void writeEntry(Event event, Plugin plugin, String reason) throws IOException;

  boolean isOpen();

  long getCurrentQueueSize();
}
