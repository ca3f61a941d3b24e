package io.mmlens.elasticsearch;

import java.util.Map;
import org.elasticsearch.ingest.Processor;

/** {@code kernel_mm} factory for Elasticsearch 8.x and 9.0.x (create without ProjectId). */
public final class KernelMmFactory implements Processor.Factory {
  @Override
  public KernelMmProcessor create(Map<String, Processor.Factory> factories, String tag,
      String description, Map<String, Object> config) {
    return KernelMmProcessor.fromConfig(tag, description, config);
  }
}
