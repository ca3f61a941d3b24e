package io.mmlens.elasticsearch;

import java.util.Map;
import org.elasticsearch.ingest.Processor;
import org.elasticsearch.plugins.IngestPlugin;
import org.elasticsearch.plugins.Plugin;

/** Elasticsearch plugin registering the {@code kernel_mm} ingest processor. */
public final class MmlensIngestPlugin extends Plugin implements IngestPlugin {

  @Override
  public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
    return Map.of(KernelMmProcessor.TYPE, new KernelMmFactory());
  }
}
