package co.elastic.logstash.api;

import java.util.Collection;

/** Signature of a plugin's configuration view (compile-only stand-in). */
public interface Configuration {
  <T> T get(PluginConfigSpec<T> configSpec);

  Object getRawValue(PluginConfigSpec<?> configSpec);

  boolean contains(PluginConfigSpec<?> configSpec);

  Collection<String> allKeys();
}
