package co.elastic.logstash.api;

/** Signature of the listener a filter tells which events it matched (compile-only stand-in). */
public interface FilterMatchListener {
  void filterMatched(Event e);
}
