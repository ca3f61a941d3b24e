package io.mmlens.elasticsearch;

import java.util.Map;
import org.elasticsearch.cluster.metadata.ProjectId;

/** Calls the 9.1+ factory signature (with the ProjectId the node passes). */
final class Factories {
  static KernelMmProcessor create(String tag, String description, Map<String, Object> config) {
    return new KernelMmFactory().create(Map.of(), tag, description, config, ProjectId.DEFAULT);
  }

  private Factories() {}
}
