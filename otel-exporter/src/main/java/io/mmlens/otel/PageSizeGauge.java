package io.mmlens.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

/**
 * The {@code linux.memory.page.size} gauge: the page size behind every byte figure and where it
 * came from, registered alike by the standalone agent and the OpenTelemetry-agent extension.
 */
public final class PageSizeGauge {

  /** Where the page size came from: sysconf, auxv or default. */
  public static final AttributeKey<String> SOURCE =
      AttributeKey.stringKey("linux.memory.page.size.source");

  /** Registers the gauge; close the returned handle to remove it. */
  public static ObservableLongGauge register(Meter meter, long bytes, String source) {
    Attributes attrs = Attributes.of(SOURCE, source);
    return meter.gaugeBuilder("linux.memory.page.size").ofLongs().setUnit("By")
        .setDescription("Page size of every byte figure (sysconf, else auxv AT_PAGESZ, else 4096)")
        .buildWithCallback(m -> m.record(bytes, attrs));
  }

  private PageSizeGauge() {}
}
