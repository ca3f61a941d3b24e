package co.elastic.logstash.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Signature of the helper that adds Logstash's common filter settings (compile-only stand-in). */
public final class PluginHelper {

  public static final PluginConfigSpec<Map<String, Object>> ADD_FIELD_CONFIG =
      PluginConfigSpec.hashSetting("add_field");
  public static final PluginConfigSpec<List<Object>> ADD_TAG_CONFIG =
      PluginConfigSpec.arraySetting("add_tag");
  public static final PluginConfigSpec<Boolean> ENABLE_METRIC_CONFIG =
      PluginConfigSpec.booleanSetting("enable_metric");
  public static final PluginConfigSpec<String> ID_CONFIG = PluginConfigSpec.stringSetting("id");
  public static final PluginConfigSpec<Boolean> PERIODIC_FLUSH_CONFIG =
      PluginConfigSpec.booleanSetting("periodic_flush");
  public static final PluginConfigSpec<List<Object>> REMOVE_FIELD_CONFIG =
      PluginConfigSpec.arraySetting("remove_field");
  public static final PluginConfigSpec<List<Object>> REMOVE_TAG_CONFIG =
      PluginConfigSpec.arraySetting("remove_tag");

  public static Collection<PluginConfigSpec<?>> commonFilterSettings() {
    return Arrays.asList(
        ADD_FIELD_CONFIG,
        ADD_TAG_CONFIG,
        ENABLE_METRIC_CONFIG,
        ID_CONFIG,
        PERIODIC_FLUSH_CONFIG,
        REMOVE_FIELD_CONFIG,
        REMOVE_TAG_CONFIG);
  }

  public static Collection<PluginConfigSpec<?>> commonFilterSettings(
      Collection<PluginConfigSpec<?>> settings) {
    List<PluginConfigSpec<?>> all = new ArrayList<>(settings);
    all.addAll(commonFilterSettings());
    return all;
  }

  private PluginHelper() {}
}
