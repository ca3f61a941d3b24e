package co.elastic.logstash.api;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Signature of a plugin setting declaration (compile-only stand-in; only the factories the filter
 * and its tests use are declared, with Logstash's erased descriptors).
 */
public final class PluginConfigSpec<T> {

  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final boolean deprecated;
  private final boolean required;

  private PluginConfigSpec(
      String name, Class<T> type, T defaultValue, boolean deprecated, boolean required) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.deprecated = deprecated;
    this.required = required;
  }

  public static PluginConfigSpec<String> stringSetting(String name) {
    return new PluginConfigSpec<>(name, String.class, null, false, false);
  }

  public static PluginConfigSpec<String> stringSetting(String name, String defaultValue) {
    return new PluginConfigSpec<>(name, String.class, defaultValue, false, false);
  }

  public static PluginConfigSpec<String> stringSetting(
      String name, String defaultValue, boolean deprecated, boolean required) {
    return new PluginConfigSpec<>(name, String.class, defaultValue, deprecated, required);
  }

  public static PluginConfigSpec<Long> numSetting(String name) {
    return new PluginConfigSpec<>(name, Long.class, null, false, false);
  }

  public static PluginConfigSpec<Long> numSetting(String name, long defaultValue) {
    return new PluginConfigSpec<>(name, Long.class, defaultValue, false, false);
  }

  public static PluginConfigSpec<Boolean> booleanSetting(String name) {
    return new PluginConfigSpec<>(name, Boolean.class, null, false, false);
  }

  public static PluginConfigSpec<Boolean> booleanSetting(String name, boolean defaultValue) {
    return new PluginConfigSpec<>(name, Boolean.class, defaultValue, false, false);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static PluginConfigSpec<Map<String, Object>> hashSetting(String name) {
    return new PluginConfigSpec(name, Map.class, null, false, false);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static PluginConfigSpec<List<Object>> arraySetting(String name) {
    return new PluginConfigSpec(name, List.class, null, false, false);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static PluginConfigSpec<List<Object>> arraySetting(
      String name, List<Object> defaultValue, boolean deprecated, boolean required) {
    return new PluginConfigSpec(name, List.class, defaultValue, deprecated, required);
  }

  public Collection<PluginConfigSpec<?>> children() {
    return Collections.emptyList();
  }

  public boolean deprecated() {
    return deprecated;
  }

  public boolean required() {
    return required;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public String getRawDefaultValue() {
    return null;
  }
}
