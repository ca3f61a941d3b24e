package io.mmlens.elasticsearch;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.Problem;
import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import io.mmlens.core.kmsg.LineDecoder;
import io.mmlens.core.kmsg.LineKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.ingest.AbstractProcessor;
import org.elasticsearch.ingest.ConfigurationUtils;
import org.elasticsearch.ingest.IngestDocument;

/** Ingest processor {@code kernel_mm}: decodes kernel memory report lines or whole reports via core. */
public final class KernelMmProcessor extends AbstractProcessor {

  public static final String TYPE = "kernel_mm";

  /**
   * Largest field value decoded, in chars. A whole OOM report on a 256-CPU NUMA box with a long
   * task dump is ~2 MB; beyond 4 Mi chars the document is refused rather than decoded, so a
   * runaway multiline join cannot make core build an unbounded report tree.
   */
  static final int MAX_CHARS = 4 * 1024 * 1024;

  // LineDecoder keeps a normalizer and is not thread-safe; ingest runs on many write threads.
  private static final ThreadLocal<LineDecoder> LINES =
      ThreadLocal.withInitial(() -> new LineDecoder("field"));

  final String field;
  final String targetField;
  final KernelRelease kernelRelease;
  final String kernelReleaseField;
  final boolean ignoreMissing;

  KernelMmProcessor(String tag, String description, String field, String targetField,
      KernelRelease kernelRelease, String kernelReleaseField, boolean ignoreMissing) {
    super(tag, description);
    this.field = field;
    this.targetField = targetField;
    this.kernelRelease = kernelRelease;
    this.kernelReleaseField = kernelReleaseField;
    this.ignoreMissing = ignoreMissing;
  }

  @Override
  public IngestDocument execute(IngestDocument doc) {
    String value = doc.getFieldValue(field, String.class, ignoreMissing);
    if (value == null) {
      if (ignoreMissing) {
        return doc;
      }
      throw new IllegalArgumentException("field [" + field + "] is null, cannot process it.");
    }
    if (value.length() > MAX_CHARS) {
      throw new IllegalArgumentException("field [" + field + "] holds " + value.length()
          + " chars, over the " + MAX_CHARS + " chars kernel_mm decodes");
    }
    if (value.indexOf('\n') < 0) {
      decodeLine(doc, value);
    } else {
      decodeReport(doc, value);
    }
    return doc;
  }

  private void decodeLine(IngestDocument doc, String value) {
    LineDecoder decoder = LINES.get();
    LineDecoder.Result r = decoder.decode(value, kernelRelease);
    if (!r.memoryRelated()) {
      return; // the common case: untouched, nothing allocated here, the release field not read
    }
    if (kernelReleaseField != null && carriesGfp(r.kind())) {
      // Only headers carry a gfp mask: read (and validate) the document's release for them alone.
      KernelRelease release = release(doc);
      if (release != null) {
        r = decoder.decode(value, release);
      }
    }
    failOn(r.problems());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("line_kind", r.kindName());
    out.putAll(r.fields());
    doc.setFieldValue(targetField, out);
    for (Map.Entry<String, Object> e : r.ecs().entrySet()) {
      doc.setFieldValue(e.getKey(), e.getValue()); // keys are full ECS paths (event.kind ...)
    }
  }

  private void decodeReport(IngestDocument doc, String value) {
    List<KernelReport> reports = KernelLogDecoder.decodeText(field, kernelRelease, value);
    if (reports.isEmpty()) {
      return; // several lines, none memory-related (the release field is not read either)
    }
    if (kernelReleaseField != null) {
      KernelRelease release = release(doc);
      if (release != null) {
        reports = KernelLogDecoder.decodeText(field, release, value); // rare: documents naming their kernel
      }
    }
    List<Map<String, Object>> maps = new ArrayList<>(reports.size());
    for (KernelReport r : reports) {
      maps.add(r.toMap());
    }
    Map<String, Object> out = maps.get(0);
    if (maps.size() > 1) {
      out = new LinkedHashMap<>(); // mutable: later processors in the pipeline may edit it
      out.put("reports", maps);
    }
    doc.setFieldValue(targetField, out);
    doc.setFieldValue("event.kind", "event");
    doc.setFieldValue("event.category", List.of("host"));
    doc.setFieldValue("event.type", List.of("info"));
    doc.setFieldValue("event.action", "kernel-memory-report");
  }

  private static boolean carriesGfp(LineKind k) {
    return k == LineKind.OOM_HEADER || k == LineKind.ALLOC_FAILURE || k == LineKind.ALLOC_STALL;
  }

  /** The release whose gfp flag table applies: the option, the document's field, or none. */
  private KernelRelease release(IngestDocument doc) {
    if (kernelRelease != null || kernelReleaseField == null) {
      return kernelRelease;
    }
    String v = doc.getFieldValue(kernelReleaseField, String.class, true);
    if (v == null) {
      return null; // not every document names its kernel: decode as the report says
    }
    KernelRelease r = KernelRelease.parse(v);
    if (r == null) {
      throw new IllegalArgumentException("field [" + kernelReleaseField + "] holds [" + v
          + "], which is not a kernel release such as 5.15.0-91-generic");
    }
    return r;
  }

  private void failOn(List<Problem> problems) {
    for (Problem p : problems) {
      if (p.kind() == Problem.Kind.MALFORMED || p.kind() == Problem.Kind.TRUNCATED) {
        throw new IllegalArgumentException("field [" + field + "] has a malformed kernel memory line: "
            + p.message());
      }
    }
  }

  @Override
  public String getType() {
    return TYPE;
  }

  /** Reads the options shared by the 8.x and 9.1+ factories (the framework reads if/tag/on_failure). */
  static KernelMmProcessor fromConfig(String tag, String description, Map<String, Object> config) {
    String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field", "message");
    String target = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_field", "linux.mm");
    String release = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, "kernel_release");
    String releaseField =
        ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, "kernel_release_field");
    boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
    if (field.isEmpty()) {
      throw ConfigurationUtils.newConfigurationException(TYPE, tag, "field", "must not be empty");
    }
    if (target.isEmpty()) {
      throw ConfigurationUtils.newConfigurationException(TYPE, tag, "target_field", "must not be empty");
    }
    if (release != null && releaseField != null) {
      throw ConfigurationUtils.newConfigurationException(TYPE, tag, "kernel_release",
          "set either [kernel_release] or [kernel_release_field], not both");
    }
    KernelRelease parsed = release == null ? null : KernelRelease.parse(release);
    if (release != null && parsed == null) {
      throw ConfigurationUtils.newConfigurationException(TYPE, tag, "kernel_release",
          "[" + release + "] is not a kernel release such as 5.15.0-91-generic");
    }
    return new KernelMmProcessor(tag, description, field, target, parsed, releaseField, ignoreMissing);
  }
}
