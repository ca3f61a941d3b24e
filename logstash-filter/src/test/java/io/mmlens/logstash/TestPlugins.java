package io.mmlens.logstash;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.DeadLetterQueueWriter;
import co.elastic.logstash.api.DeprecationLogger;
import co.elastic.logstash.api.EventFactory;
import co.elastic.logstash.api.NamespacedMetric;
import co.elastic.logstash.api.Plugin;
import co.elastic.logstash.api.PluginConfigSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.Logger;

/** Fake Configuration and Context behaving like Logstash's ConfigurationImpl and ContextImpl. */
final class TestPlugins {

  private TestPlugins() {}

  /** Configuration over raw values as the pipeline parser hands them (Long, String, List...). */
  static Configuration config(Map<String, Object> raw) {
    final Map<String, Object> values = new HashMap<>(raw);
    return new Configuration() {
      @Override
      public <T> T get(PluginConfigSpec<T> spec) {
        if (!values.containsKey(spec.name())) {
          return spec.defaultValue();
        }
        Object v = values.get(spec.name());
        if (spec.type().isInstance(v)) {
          return spec.type().cast(v);
        }
        if (spec.type() == Double.class && v instanceof Long) {
          return spec.type().cast(((Long) v).doubleValue());
        }
        if (spec.type() == Boolean.class && v instanceof String) {
          return spec.type().cast(Boolean.parseBoolean((String) v));
        }
        throw new IllegalStateException("Setting value for '" + spec.name() + "' of type "
            + v.getClass() + " incompatible with defined type of " + spec.type());
      }

      @Override
      public Object getRawValue(PluginConfigSpec<?> spec) {
        return values.get(spec.name());
      }

      @Override
      public boolean contains(PluginConfigSpec<?> spec) {
        return values.containsKey(spec.name());
      }

      @Override
      public Collection<String> allKeys() {
        return values.keySet();
      }
    };
  }

  static Context context() {
    return new Context() {
      @Override
      public DeadLetterQueueWriter getDlqWriter() {
        return null;
      }

      @Override
      public NamespacedMetric getMetric(Plugin plugin) {
        return null;
      }

      @Override
      public Logger getLogger(Plugin plugin) {
        return null;
      }

      @Override
      public DeprecationLogger getDeprecationLogger(Plugin plugin) {
        return null;
      }

      @Override
      public EventFactory getEventFactory() {
        return data -> new TestEvent(new HashMap<String, Object>(stringKeys(data)));
      }
    };
  }

  private static Map<String, Object> stringKeys(Map<?, Object> data) {
    Map<String, Object> m = new HashMap<>();
    for (Map.Entry<?, Object> e : data.entrySet()) {
      m.put(String.valueOf(e.getKey()), e.getValue());
    }
    return m;
  }
}
