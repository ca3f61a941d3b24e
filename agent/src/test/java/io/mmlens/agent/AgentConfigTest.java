package io.mmlens.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings resolve as users know them from other OpenTelemetry tools. */
class AgentConfigTest {

  @Test
  void argumentsOverrideTheEnvironmentAndSignalsGetTheirPaths() {
    AgentConfig c = new AgentConfig("otel.exporter.otlp.endpoint=http://collector:4318/",
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://ignored:4318",
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://logs:9999/custom"));
    assertEquals("http://collector:4318/v1/metrics", c.metricsEndpoint());
    assertEquals("http://logs:9999/custom", c.logsEndpoint());
    assertEquals("http://localhost:4318/v1/metrics", new AgentConfig("", Map.of()).metricsEndpoint());
  }

  @Test
  void resourceAttributesWithServiceNamePrecedence() {
    AgentConfig env = new AgentConfig("", Map.of("OTEL_RESOURCE_ATTRIBUTES",
        "deployment.environment=prod,service.name=from-attrs,team=mm%20core"));
    assertEquals(Map.of("deployment.environment", "prod", "service.name", "from-attrs", "team", "mm core"),
        env.resourceAttributes());
    AgentConfig both = new AgentConfig("", Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs",
        "OTEL_SERVICE_NAME", "checkout"));
    assertEquals("checkout", both.resourceAttributes().get("service.name"));
    assertEquals("unknown_service:java", new AgentConfig("", Map.of()).resourceAttributes().get("service.name"));
  }
}
