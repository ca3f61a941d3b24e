package io.mmlens.elasticsearch;

import java.util.Map;

/** Calls the 8.x / 9.0.x factory signature (no ProjectId). */
final class Factories {
  static KernelMmProcessor create(String tag, String description, Map<String, Object> config) {
    return new KernelMmFactory().create(Map.of(), tag, description, config);
  }

  private Factories() {}
}
