package io.mmlens.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Agent settings: agent arguments ({@code k=v,k=v}) override system properties, which override
 * the OTEL_* / MMLENS_* environment (standard OTel property names).
 */
public final class AgentConfig {

  private final Map<String, String> args;
  private final Map<String, String> env;

  public AgentConfig(String agentArgs, Map<String, String> env) {
    this.args = parseArgs(agentArgs);
    this.env = env;
  }

  static Map<String, String> parseArgs(String agentArgs) {
    Map<String, String> m = new HashMap<>();
    if (agentArgs == null) {
      return m;
    }
    for (String part : agentArgs.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return m;
  }

  public String get(String key, String def) {
    String v = args.get(key);
    if (v == null) {
      v = System.getProperty(key);
    }
    if (v == null) {
      v = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return v == null || v.isEmpty() ? def : v;
  }

  /**
   * otel.exporter.otlp[.signal].protocol: {@code http/protobuf} (default, as in the OTel Java
   * agent 2.x) or {@code grpc}.
   */
  public String otlpProtocol(String signal) {
    return get("otel.exporter.otlp." + signal + ".protocol",
        get("otel.exporter.otlp.protocol", HTTP_PROTOBUF)).trim().toLowerCase(Locale.ROOT);
  }

  /** The OTLP protocols the agent speaks. */
  static final String HTTP_PROTOBUF = "http/protobuf";
  static final String GRPC = "grpc";

  /** Metrics endpoint: the signal-specific one as-is, else the generic one (+ v1/metrics over HTTP). */
  public String metricsEndpoint() {
    return endpoint("metrics");
  }

  /** Logs endpoint: the signal-specific one as-is, else the generic one (+ v1/logs over HTTP). */
  public String logsEndpoint() {
    return endpoint("logs");
  }

  private String endpoint(String signal) {
    String specific = get("otel.exporter.otlp." + signal + ".endpoint", null);
    if (specific != null) {
      return specific;
    }
    if (GRPC.equals(otlpProtocol(signal))) {
      // gRPC names the service in the request path: the endpoint is used as given
      return get("otel.exporter.otlp.endpoint", "http://localhost:4317");
    }
    String base = get("otel.exporter.otlp.endpoint", "http://localhost:4318");
    return (base.endsWith("/") ? base : base + "/") + "v1/" + signal;
  }

  /**
   * otel.exporter.otlp[.signal].headers: {@code k=v,k=v}, values percent-decoded (e.g. an
   * authorization header for a hosted backend).
   */
  public Map<String, String> otlpHeaders(String signal) {
    return keyValues(get("otel.exporter.otlp." + signal + ".headers",
        get("otel.exporter.otlp.headers", "")));
  }

  /** otel.exporter.otlp[.signal].compression: {@code gzip} or {@code none} (default). */
  public String otlpCompression(String signal) {
    return get("otel.exporter.otlp." + signal + ".compression",
        get("otel.exporter.otlp.compression", "none")).trim().toLowerCase(Locale.ROOT);
  }

  /** otel.exporter.prometheus.host: where the scrape endpoint binds (loopback unless told). */
  String prometheusHost() {
    return get("otel.exporter.prometheus.host", "127.0.0.1");
  }

  /** otel.exporter.prometheus.port (OTel default 9464). */
  int prometheusPort() {
    return Integer.parseInt(get("otel.exporter.prometheus.port", "9464"));
  }

  /** otel.logs.exporter: {@code otlp} (default), {@code console} or {@code none}. */
  String logsExporter() {
    return get("otel.logs.exporter", "otlp");
  }

  /** mmlens.jvm_symptoms.enabled: hook the JDK methods whose memory failures we explain. */
  boolean jvmSymptoms() {
    return Boolean.parseBoolean(get("mmlens.jvm_symptoms.enabled", "true"));
  }

  /** mmlens.kmsg.enabled: follow /dev/kmsg and emit one log record per kernel report. */
  boolean kmsg() {
    return Boolean.parseBoolean(get("mmlens.kmsg.enabled", "true"));
  }

  /** otel.metric.export.interval in ms (OTel default 60000). */
  Duration exportInterval() {
    return Duration.ofMillis(Long.parseLong(get("otel.metric.export.interval", "60000")));
  }

  /** otel.exporter.otlp.timeout in ms (OTel default 10000). */
  Duration exportTimeout() {
    return Duration.ofMillis(Long.parseLong(get("otel.exporter.otlp.timeout", "10000")));
  }

  String metricsExporter() {
    return get("otel.metrics.exporter", "otlp");
  }

  /**
   * otel.resource.attributes ({@code k=v,k=v}, values percent-decoded as OTel specifies), with
   * otel.service.name taking precedence for service.name.
   */
  public Map<String, String> resourceAttributes() {
    Map<String, String> m = keyValues(get("otel.resource.attributes", ""));
    if (get("otel.service.name", null) != null || !m.containsKey("service.name")) {
      m.put("service.name", serviceName());
    }
    return m;
  }

  /** A {@code k=v,k=v} list as OTel writes it, values percent-decoded; entries without '=' skipped. */
  static Map<String, String> keyValues(String raw) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String pair : raw.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(pair.substring(0, eq).trim(), java.net.URLDecoder.decode(
            pair.substring(eq + 1).trim().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  String serviceName() {
    return get("otel.service.name", "unknown_service:java");
  }

  boolean pagetypeinfo() {
    return Boolean.parseBoolean(get("mmlens.pagetypeinfo.enabled", "false"));
  }
}
