package dev.socketiolambda.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GatewayEvents.Api API = new GatewayEvents.Api("dev", "api1", "127.0.0.1:9000");

  private static GatewayConnection connection(String userAgent) {
    return new GatewayConnection("Abc_def-123456Q=", null, 1_700_000_000_123L, "127.0.0.1", userAgent, null);
  }

  @Test
  void idsLookLikeApiGatewayIds() {
    for (int i = 0; i < 100; i++) {
      assertThat(GatewayEvents.newId()).matches("[A-Za-z0-9_-]{15}=");
    }
  }

  @Test
  void parsesQueryKeepingEveryValueInOrder() {
    Map<String, List<String>> q = GatewayEvents.parseQuery("a=1&b=x%20y&a=2&flag&&c=%E2%9C%93&bad=%zz");

    assertThat(q).containsExactly(
        Map.entry("a", List.of("1", "2")),
        Map.entry("b", List.of("x y")),
        Map.entry("flag", List.of("")),
        Map.entry("c", List.of("✓")),
        Map.entry("bad", List.of("%zz")));
    assertThat(GatewayEvents.parseQuery(null)).isEmpty();
    assertThat(GatewayEvents.parseQuery("")).isEmpty();
  }

  @Test
  void readsProxyResponses() {
    GatewayEvents.RouteResponse full = GatewayEvents.parseResponse(
        "{\"statusCode\":403,\"body\":\"no\",\"headers\":{\"Sec-WebSocket-Protocol\":\"chat\"}}");
    assertThat(full.statusCode()).isEqualTo(403);
    assertThat(full.body()).isEqualTo("no");
    assertThat(full.headers()).containsEntry("Sec-WebSocket-Protocol", "chat");

    assertThat(GatewayEvents.parseResponse(null)).isEqualTo(new GatewayEvents.RouteResponse(200, null, Map.of()));
    assertThat(GatewayEvents.parseResponse("null").body()).isNull();
    assertThat(GatewayEvents.parseResponse("{\"statusCode\":200}").body()).isNull();
    assertThat(GatewayEvents.parseResponse("{\"statusCode\":\"201\",\"body\":\"\"}"))
        .isEqualTo(new GatewayEvents.RouteResponse(201, "", Map.of()));
    assertThat(GatewayEvents.parseResponse("{\"body\":{\"a\":1}}").body()).isEqualTo("{\"a\":1}");
    assertThat(GatewayEvents.parseResponse("\"just a string\"").body()).isEqualTo("just a string");
    assertThat(GatewayEvents.parseResponse("not json").body()).isEqualTo("not json");
  }

  @Test
  void writesErrorFrameWithApiGatewaysSpacing() {
    assertThat(GatewayEvents.errorFrame("Internal server error", "c1=", "r1="))
        .isEqualTo("{\"message\": \"Internal server error\", \"connectionId\":\"c1=\", \"requestId\":\"r1=\"}");
  }

  @Test
  void messageEventHasRequestContextAndBody() throws Exception {
    JsonNode e = JSON.readTree(GatewayEvents.messageEvent(
        API, connection("ua"), "hello", "req0000000000Q=", "msg0000000000Q=", 1_700_000_001_000L));

    assertThat(e.path("body").asText()).isEqualTo("hello");
    JsonNode ctx = e.path("requestContext");
    assertThat(ctx.path("routeKey").asText()).isEqualTo("$default");
    assertThat(ctx.path("eventType").asText()).isEqualTo("MESSAGE");
    assertThat(ctx.path("messageId").asText()).isEqualTo("msg0000000000Q=");
    assertThat(ctx.path("requestTime").asText()).isEqualTo("14/Nov/2023:22:13:21 +0000");
    assertThat(ctx.path("requestTimeEpoch").asLong()).isEqualTo(1_700_000_001_000L);
    assertThat(ctx.path("connectedAt").asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(ctx.path("domainName").asText()).isEqualTo("127.0.0.1:9000");
    assertThat(ctx.path("identity").path("userAgent").asText()).isEqualTo("ua");
  }

  @Test
  void disconnectEventCarriesStatusAndReason() throws Exception {
    JsonNode e = JSON.readTree(GatewayEvents.disconnectEvent(
        API, connection(null), 1005, "Client-side close frame status not set", "req0000000000Q=", 1L));

    JsonNode ctx = e.path("requestContext");
    assertThat(ctx.path("eventType").asText()).isEqualTo("DISCONNECT");
    assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(1005);
    assertThat(ctx.path("disconnectReason").asText()).isEqualTo("Client-side close frame status not set");
    assertThat(ctx.path("identity").has("userAgent")).isFalse();
    assertThat(e.path("headers").path("Host").asText()).isEqualTo("127.0.0.1:9000");
  }
}
