package dev.socketiolambda.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.observability.SocketsGauge;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each handler writes one CloudWatch EMF line per invocation: what ran and what it did, never what was said. */
class InvocationLinesTest {
  private final HandlerHarness h = new HandlerHarness(new ConformanceApp());

  @Test
  void oneLinePerInvocationNamesTheFunctionConnectionNamespaceAndEvent() {
    h.connect();
    h.open();
    h.message("40");
    h.message("42[\"message-with-ack\",\"hello\"]");

    List<JsonNode> lines = parsed();
    assertThat(lines).extracting(l -> l.path("Function").asText()).containsExactly("connect", "open", "default",
        "default");
    JsonNode connect = lines.get(0);
    assertThat(connect.path("connectionId").asText()).isEqualTo(HandlerHarness.CONNECTION_ID);
    assertThat(connect.path("outcome").asText()).isEqualTo("ok");
    assertThat(connect.path("Connections").asLong()).isEqualTo(1);
    JsonNode event = lines.get(3);
    assertThat(event.path("namespace").asText()).isEqualTo("/");
    assertThat(event.path("event").asText()).isEqualTo("message-with-ack");
    assertThat(event.path("FramesIn").asLong()).isEqualTo(1);
    assertThat(event.path("EventsIn").asLong()).isEqualTo(1);
    assertThat(lines.get(2).path("event").asText()).isEqualTo("CONNECT");
  }

  @Test
  void everyMetricTheDirectivesNameIsANumberOnTheLine() {
    h.connect();
    h.message("40");
    h.message("42[\"message\",1]");

    for (JsonNode line : parsed()) {
      JsonNode directives = line.path("_aws").path("CloudWatchMetrics");
      assertThat(line.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
      assertThat(directives.size()).isEqualTo(2);
      for (JsonNode d : directives) {
        assertThat(d.path("Namespace").asText()).isEqualTo("SocketIoLambda");
        for (JsonNode dimension : d.path("Dimensions").get(0)) {
          assertThat(line.path(dimension.asText()).isTextual()).as(dimension.asText()).isTrue();
        }
        for (JsonNode m : d.path("Metrics")) {
          assertThat(line.path(m.path("Name").asText()).isNumber()).as(m.toString()).isTrue();
        }
      }
      assertThat(line.path("Service").asText()).isEqualTo("harness");
      assertThat(line.path("Latency").isNumber()).isTrue();
    }
  }

  @Test
  void linesCarryNoTokensPayloadsOrHeaders() {
    h.connect();
    h.message("40{\"token\":\"tok-SECRET-1\"}");
    h.message("42[\"message-with-ack\",{\"card\":\"PAYLOAD-SECRET-2\"}]");
    h.message("not a frame SECRET-3");

    assertThat(h.lines).hasSize(4).noneMatch(l -> l.contains("SECRET") || l.contains("app.example.com"));
  }

  @Test
  void aFailedInvocationIsAnErrorLineWithTheErrorClassOnly() {
    String reply = HandlerHarness.invoke(new ConnectHandler(h.runtime), "{not json SECRET-4");

    assertThat(reply).contains("500");
    JsonNode line = parsed().get(0);
    assertThat(line.path("outcome").asText()).isEqualTo("error");
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("error").asText()).isNotBlank().doesNotContain("SECRET");
    assertThat(h.lines.get(0)).doesNotContain("SECRET");
  }

  private List<JsonNode> parsed() {
    List<JsonNode> out = new ArrayList<>();
    h.lines.forEach(l -> out.add(Json.parse(l)));
    return out;
  }

  @Test
  void theHeartbeatLineSaysHowLateTheTickRan() {
    String due = java.time.Instant.now().minusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    HandlerHarness.invoke(new HeartbeatHandler(h.runtime), "{\"source\":\"aws.events\",\"detail-type\":"
        + "\"Scheduled Event\",\"time\":\"" + due + "\"}");
    java.util.Map<String, Long> gauges = dev.socketiolambda.functions.observability.Meter.runtime().gauges();
    HandlerHarness.invoke(new HeartbeatHandler(h.runtime), "{\"source\":\"aws.events\"}");

    assertThat(gauges.get("HeartbeatLag")).as("the local stack's /metrics shows it").isGreaterThanOrEqualTo(3000);
    assertThat(gauges.get("HeartbeatLagMax")).isGreaterThanOrEqualTo(gauges.get("HeartbeatLag"));

    List<String> ticks = h.lines.stream().filter(l -> !l.contains(SocketsGauge.DIMENSION)).toList(); // not the gauge's
    JsonNode late = dev.socketiolambda.functions.observability.EmfLines.valid(ticks.get(0));
    assertThat(late.path("Function").asText()).isEqualTo("heartbeat");
    assertThat(late.path("HeartbeatLag").asLong()).isGreaterThanOrEqualTo(3000);
    assertThat(dev.socketiolambda.functions.observability.EmfLines.metricNames(late)).contains("HeartbeatLag");
    JsonNode untimed = dev.socketiolambda.functions.observability.EmfLines.valid(ticks.get(1));
    assertThat(untimed.has("HeartbeatLag")).as("no scheduled time, no lag").isFalse();
  }

  @Test
  void theHeartbeatWritesOneSocketsLinePerDeclaredNamespace() {
    h.connect();
    h.open();
    h.message("40");
    h.lines.clear();

    HandlerHarness.invoke(new HeartbeatHandler(h.runtime, new SocketsGauge(0)), "{\"source\":\"aws.events\"}");

    List<JsonNode> gauges = parsed().stream().filter(l -> l.has(SocketsGauge.DIMENSION)).toList();
    assertThat(gauges).extracting(l -> l.path(SocketsGauge.DIMENSION).asText()).containsExactlyInAnyOrder("/",
        "/custom");
    assertThat(gauges).filteredOn(l -> l.path(SocketsGauge.DIMENSION).asText().equals("/"))
        .extracting(l -> l.path("Sockets").asLong()).containsExactly(1L);
    gauges.forEach(l -> dev.socketiolambda.functions.observability.EmfLines.validEmf(Json.write(l)));
  }

  @Test
  void theLagIsNowMinusTheScheduledTimeAndNeverNegative() {
    byte[] event = "{\"time\":\"2026-12-04T12:00:00Z\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long due = java.time.Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();
    assertThat(HeartbeatHandler.lagMs(event, due + 1_250)).isEqualTo(1_250);
    assertThat(HeartbeatHandler.lagMs(event, due - 500)).isZero();
    byte[] local = "{\"time\":\"2026-12-04T12:00:00.250Z\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(HeartbeatHandler.lagMs(local, due + 1_250)).as("the local stack's times have ms").isEqualTo(1_000);
    assertThat(HeartbeatHandler.lagMs("{\"time\":\"soon\"}".getBytes(), due)).isNull();
    assertThat(HeartbeatHandler.lagMs("not json".getBytes(), due)).isNull();
  }
}
