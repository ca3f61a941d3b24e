package io.mmlens.core.kmsg;

import java.util.Map;

/**
 * Extension point for the gfp/diagnosis layer: an analysis attached to a {@link KernelReport}
 * adds its fields ({@code request.gfp.flags/symbolic/zone}, per-zone {@code request_fits} /
 * {@code fragmentation_index}, {@code diagnosis.*}) into the report's map tree.
 */
public interface ReportAnalysis {

  /**
   * Adds fields to the report tree. {@code root} is the report's mutable map; nested objects
   * ({@code request}, {@code request.gfp}, each {@code zones[i]}) are mutable LinkedHashMaps.
   */
  void contribute(KernelReport report, Map<String, Object> root);
}
