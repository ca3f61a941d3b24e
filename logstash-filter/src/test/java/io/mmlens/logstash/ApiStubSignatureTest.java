package io.mmlens.logstash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.EventFactory;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the erased descriptors of every API member the filter links against to Logstash 8.x's
 * (ecosystem.md 2.1), so an edit of the compile-only stub cannot silently produce a jar that
 * fails with NoSuchMethodError inside Logstash.
 */
class ApiStubSignatureTest {

  private static void method(Class<?> owner, Class<?> ret, boolean isDefault, String name,
      Class<?>... params) throws NoSuchMethodException {
    Method m = owner.getMethod(name, params);
    assertEquals(ret, m.getReturnType(), owner.getSimpleName() + "." + name);
    assertEquals(isDefault, m.isDefault(), owner.getSimpleName() + "." + name + " default");
  }

  private static void factory(String name, Class<?>... params) throws NoSuchMethodException {
    Method m = PluginConfigSpec.class.getMethod(name, params);
    assertTrue(Modifier.isStatic(m.getModifiers()));
    assertEquals(PluginConfigSpec.class, m.getReturnType());
  }

  @Test
  void filterAndPluginMembers() throws Exception {
    method(Filter.class, Collection.class, false, "filter", Collection.class,
        FilterMatchListener.class);
    method(Filter.class, Collection.class, true, "flush", FilterMatchListener.class);
    method(Filter.class, boolean.class, true, "requiresPeriodicFlush");
    method(Filter.class, boolean.class, true, "requiresFlush");
    method(Filter.class, void.class, true, "close");
    method(Filter.class, Collection.class, false, "configSchema");
    method(Filter.class, String.class, false, "getId");
    method(Filter.class, String.class, true, "getName");
    method(FilterMatchListener.class, void.class, false, "filterMatched", Event.class);
    KernelMm.class.getConstructor(String.class, Configuration.class, Context.class);
    assertEquals(RetentionPolicy.RUNTIME,
        LogstashPlugin.class.getAnnotation(Retention.class).value());
  }

  @Test
  void eventContextAndConfigurationMembers() throws Exception {
    method(Event.class, Object.class, false, "getField", String.class);
    method(Event.class, void.class, false, "setField", String.class, Object.class);
    method(Event.class, boolean.class, false, "includes", String.class);
    method(Event.class, void.class, false, "tag", String.class);
    method(EventFactory.class, Event.class, true, "newEvent");
    method(EventFactory.class, Event.class, false, "newEvent", Map.class);
    method(Context.class, EventFactory.class, false, "getEventFactory");
    method(Configuration.class, Object.class, false, "get", PluginConfigSpec.class);
  }

  @Test
  void settingFactoriesAndCommonSettings() throws Exception {
    factory("stringSetting", String.class);
    factory("stringSetting", String.class, String.class);
    factory("numSetting", String.class, long.class);
    factory("arraySetting", String.class, List.class, boolean.class, boolean.class);
    Method common = PluginHelper.class.getMethod("commonFilterSettings", Collection.class);
    assertEquals(Collection.class, common.getReturnType());
    assertEquals(7, PluginHelper.commonFilterSettings().size());
  }
}
