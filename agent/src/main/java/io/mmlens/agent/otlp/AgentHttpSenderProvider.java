package io.mmlens.agent.otlp;

import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/** Service entry for {@link AgentHttpSender}, the agent's only OTLP/HTTP sender. */
public final class AgentHttpSenderProvider implements HttpSenderProvider {

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    return new AgentHttpSender(config);
  }
}
