package dev.socketiolambda.local.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.local.gateway.LocalHttpHandler;
import dev.socketiolambda.local.gateway.LocalHttpRequest;
import dev.socketiolambda.local.gateway.LocalHttpResponse;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics} on the local stack's port: the runtime's counters since the stack started,
 * by the CloudWatch metric names a deployment's invocation lines carry ({@code {"FramesIn":12,...}}),
 * and the measured values: {@code HeartbeatLag} (the last tick's, in ms), {@code HeartbeatLagMax}, and
 * {@code Sockets} per namespace as the heartbeat last counted them ({@code {"Sockets":{"/":3}}}).
 * Other requests go to the next handler (the application's routes).
 */
public final class MetricsEndpoint implements LocalHttpHandler {
  public static final String PATH = "/metrics";

  private final Meter meter;

  public MetricsEndpoint(Meter meter) {
    this.meter = meter;
  }

  @Override
  public LocalHttpResponse handle(LocalHttpRequest request) {
    if (!PATH.equals(request.rawPath())) {
      return null;
    }
    if (!request.method().equals("GET")) {
      return LocalHttpResponse.gatewayMessage(405, "GET only");
    }
    ObjectNode body = Json.object();
    meter.totals().forEach((Metric m, Long v) -> body.put(m.metricName(), v));
    meter.gauges().forEach(body::put);
    meter.labelledGauges().forEach((name, values) -> values.forEach(body.putObject(name)::put));
    return new LocalHttpResponse(200, List.of(Map.entry("content-type", "application/json"),
        Map.entry("cache-control", "no-store")), Json.write(body).getBytes(StandardCharsets.UTF_8));
  }
}
