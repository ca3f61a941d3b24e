package io.mmlens.elasticsearch;

import java.util.Map;
import org.elasticsearch.cluster.metadata.ProjectId;
import org.elasticsearch.ingest.Processor;

/** {@code kernel_mm} factory for Elasticsearch 9.1+ (create takes a ProjectId). */
public final class KernelMmFactory implements Processor.Factory {
  @Override
  public KernelMmProcessor create(Map<String, Processor.Factory> factories, String tag,
      String description, Map<String, Object> config, ProjectId projectId) {
    return KernelMmProcessor.fromConfig(tag, description, config);
  }
}
