package io.mmlens.logstash;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.PluginConfigSpec;
import io.mmlens.core.KernelRelease;
import io.mmlens.core.kmsg.ReportAssembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The kernel_mm options, declared as Logstash setting specs and validated once at startup. */
final class KernelMmSettings {

  static final PluginConfigSpec<String> SOURCE =
      PluginConfigSpec.stringSetting("source", "message");
  static final PluginConfigSpec<String> TARGET =
      PluginConfigSpec.stringSetting("target", "[linux][mm]");
  static final PluginConfigSpec<String> KERNEL_RELEASE =
      PluginConfigSpec.stringSetting("kernel_release");
  static final PluginConfigSpec<String> MODE = PluginConfigSpec.stringSetting("mode", "line");
  static final PluginConfigSpec<String> HOST_FIELD =
      PluginConfigSpec.stringSetting("host_field", "[host][name]");
  static final PluginConfigSpec<Long> MAX_REPORT_LINES =
      PluginConfigSpec.numSetting("max_report_lines", ReportAssembler.DEFAULT_MAX_REPORT_LINES);
  static final PluginConfigSpec<Long> REPORT_TIMEOUT =
      PluginConfigSpec.numSetting("report_timeout", 10);
  static final PluginConfigSpec<List<Object>> TAG_ON_FAILURE =
      PluginConfigSpec.arraySetting(
          "tag_on_failure",
          Collections.<Object>singletonList("_kernel_mm_failure"),
          false,
          false);
  static final PluginConfigSpec<String> REPORT_LINES =
      PluginConfigSpec.stringSetting("report_lines", "keep");

  static final List<PluginConfigSpec<?>> ALL =
      Collections.unmodifiableList(
          Arrays.asList(
              SOURCE,
              TARGET,
              KERNEL_RELEASE,
              MODE,
              HOST_FIELD,
              MAX_REPORT_LINES,
              REPORT_TIMEOUT,
              TAG_ON_FAILURE,
              REPORT_LINES));

  /** Tag added to original line events that belong to a report when report_lines is "tag". */
  static final String REPORT_LINE_TAG = "_kernel_mm_report_line";

  final String source;
  final String target;
  final KernelRelease kernelRelease;
  final boolean reportMode;
  final String hostField;
  final int maxReportLines;
  final long reportTimeoutMillis;
  final List<String> tagOnFailure;
  final String reportLines;

  KernelMmSettings(Configuration config) {
    source = nonEmpty(config, SOURCE);
    target = nonEmpty(config, TARGET);
    String release = config.get(KERNEL_RELEASE);
    if (release != null) {
      kernelRelease = KernelRelease.parse(release);
      if (kernelRelease == null) {
        throw invalid(
            "kernel_release must start with major.minor (e.g. \"3.10.0-514.el7.x86_64\"), got \""
                + release
                + "\"");
      }
    } else {
      kernelRelease = null;
    }
    String mode = config.get(MODE);
    if (!"line".equals(mode) && !"report".equals(mode)) {
      throw invalid("mode must be \"line\" or \"report\", got \"" + mode + "\"");
    }
    reportMode = "report".equals(mode);
    hostField = nonEmpty(config, HOST_FIELD);
    long lines = config.get(MAX_REPORT_LINES);
    if (lines < 1 || lines > 1_000_000) {
      throw invalid("max_report_lines must be between 1 and 1000000, got " + lines);
    }
    maxReportLines = (int) lines;
    long timeout = config.get(REPORT_TIMEOUT);
    if (timeout < 1 || timeout > 86_400) {
      throw invalid("report_timeout must be between 1 and 86400 seconds, got " + timeout);
    }
    reportTimeoutMillis = timeout * 1000;
    List<Object> tags = config.get(TAG_ON_FAILURE);
    List<String> t = new ArrayList<>();
    if (tags != null) {
      for (Object o : tags) {
        if (!(o instanceof String) || ((String) o).isEmpty()) {
          throw invalid("tag_on_failure must be a list of non-empty strings, got " + tags);
        }
        t.add((String) o);
      }
    }
    tagOnFailure = Collections.unmodifiableList(t);
    reportLines = config.get(REPORT_LINES);
    if (!"keep".equals(reportLines) && !"tag".equals(reportLines) && !"drop".equals(reportLines)) {
      throw invalid(
          "report_lines must be \"keep\", \"tag\" or \"drop\", got \"" + reportLines + "\"");
    }
    if (!reportMode && !"keep".equals(reportLines)) {
      throw invalid("report_lines => \"" + reportLines + "\" needs mode => \"report\"");
    }
  }

  private static String nonEmpty(Configuration config, PluginConfigSpec<String> spec) {
    String v = config.get(spec);
    if (v == null || v.trim().isEmpty()) {
      throw invalid(spec.name() + " must not be empty");
    }
    return v;
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException("kernel_mm: " + message);
  }
}
