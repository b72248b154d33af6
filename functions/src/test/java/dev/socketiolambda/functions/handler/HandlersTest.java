package dev.socketiolambda.functions.handler;

import static dev.socketiolambda.functions.handler.HandlerHarness.CONNECTION_ID;
import static dev.socketiolambda.functions.handler.HandlerHarness.CONNECT_TIME;
import static dev.socketiolambda.functions.handler.HandlerHarness.invoke;
import static dev.socketiolambda.functions.handler.HandlerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.server.StoredHandshake;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.testing.EventFixtures;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Lambda handlers fed with API Gateway WebSocket events shaped as AWS sends them. */
class HandlersTest {

  @Test
  void fixturesHaveTheShapeApiGatewaySends() {
    JsonNode connect = json(EventFixtures.resource("events/connect.json"));
    JsonNode message = json(EventFixtures.resource("events/default.json"));
    JsonNode disconnect = json(EventFixtures.resource("events/disconnect.json"));

    assertThat(connect.path("requestContext").path("eventType").asText()).isEqualTo("CONNECT");
    assertThat(connect.path("requestContext").path("routeKey").asText()).isEqualTo("$connect");
    assertThat(message.path("requestContext").path("eventType").asText()).isEqualTo("MESSAGE");
    assertThat(message.path("requestContext").path("messageId").isTextual()).isTrue();
    assertThat(disconnect.path("requestContext").path("eventType").asText()).isEqualTo("DISCONNECT");
    assertThat(disconnect.path("requestContext").path("disconnectStatusCode").asInt()).isEqualTo(1001);
    for (JsonNode e : List.of(connect, message, disconnect)) {
      assertThat(e.path("requestContext").path("connectionId").asText()).isEqualTo(CONNECTION_ID);
      assertThat(e.path("isBase64Encoded").isBoolean()).isTrue();
    }
  }

  @Test
  void builtEventsHaveTheSameShapeAsTheFixtureFiles() {
    assertThat(fieldNames(json(EventFixtures.connect("x").query("a", "1").json())))
        .isEqualTo(fieldNames(json(EventFixtures.resource("events/connect.json"))));
    assertThat(fieldNames(json(EventFixtures.message("x", "40").json())))
        .isEqualTo(fieldNames(json(EventFixtures.resource("events/default.json"))));
    assertThat(fieldNames(json(EventFixtures.disconnect("x").json())))
        .isEqualTo(fieldNames(json(EventFixtures.resource("events/disconnect.json"))));
    assertThat(EventFixtures.field(EventFixtures.connect("x").at(1_705_745_700_000L).json(),
        "requestContext", "requestTime")).isEqualTo("20/Jan/2024:10:15:00 +0000");
  }

  private static List<String> fieldNames(JsonNode event) {
    List<String> names = new ArrayList<>();
    event.fieldNames().forEachRemaining(names::add);
    event.path("requestContext").fieldNames().forEachRemaining(n -> names.add("requestContext." + n));
    return names;
  }

  @Nested
  class Connect {
    @Test
    void storesTheConnectionFromTheEventStartsTheOpenStepAndAnswers200() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());

      assertThat(h.connect()).isEqualTo("{\"statusCode\":200}");

      ConnectionRecord c = h.memory.getConnection(CONNECTION_ID).orElseThrow();
      assertThat(c.endpoint()).isEqualTo("http://mgmt");
      assertThat(c.sourceIp()).isEqualTo("198.51.100.23");
      assertThat(c.connectedAt()).isEqualTo(CONNECT_TIME);
      assertThat(c.headers()).containsEntry("origin", "https://app.example.com")
          .containsEntry("sec-websocket-version", "13").doesNotContainKey("Origin");
      assertThat(c.query()).as("?token= and ?tag= are not declared: not written")
          .containsOnlyKeys("EIO", "transport").containsEntry("EIO", List.of("4"));
      assertThat(h.opened).containsExactly(CONNECTION_ID);
      assertThat(h.gateway.sent()).isEmpty();
    }

    @Test
    void storesTheQueryParametersTheAppDeclaresWithAllTheirValues() {
      HandlerHarness h = new HandlerHarness(io -> io.storedHandshake(StoredHandshake.defaults()
          .withQueryUntilConnect("tag")));

      h.connect();

      assertThat(h.memory.getConnection(CONNECTION_ID).orElseThrow().query())
          .containsOnlyKeys("EIO", "transport", "tag").containsEntry("tag", List.of("red", "blue"));
    }

    @Test
    void derivesTheManagementEndpointFromTheEventWhenNoneIsConfigured() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp(), null, null);

      h.connect();

      assertThat(h.memory.getConnection(CONNECTION_ID).orElseThrow().endpoint())
          .isEqualTo("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev");
    }

    @Test
    void readsSingleValuedQueryWhenNoMultiValueQueryIsSent() {
      HandlerHarness h = new HandlerHarness(io -> io.storedHandshake(StoredHandshake.defaults().withQuery("token")));
      var event = EventFixtures.connect("q=").query("token", "abc").node();
      event.remove("multiValueQueryStringParameters");

      assertThat(invoke(new ConnectHandler(h.runtime), Json.write(event)))
          .isEqualTo("{\"statusCode\":200}");

      assertThat(h.memory.getConnection("q=").orElseThrow().query()).containsExactly(Map.entry("token",
          List.of("abc")));
    }

    @Test
    void connectWithoutQueryOrHeadersWorks() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      String event = EventFixtures.connect("bare=").json();

      assertThat(invoke(new ConnectHandler(h.runtime), event)).isEqualTo("{\"statusCode\":200}");
      assertThat(h.memory.getConnection("bare=").orElseThrow().query()).isEmpty();
    }

    @Test
    void failureAnswers500AndStartsNothing() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp(), "http://mgmt", new FailingStore());

      assertThat(h.connect()).isEqualTo("{\"statusCode\":500}");
      assertThat(invoke(new ConnectHandler(h.runtime), "not json at all")).isEqualTo("{\"statusCode\":500}");
      assertThat(h.opened).isEmpty();
    }
  }

  @Nested
  class Default {
    @Test
    void answersTheRouteResponseFrameAsBody() {
      HandlerHarness h = new HandlerHarness(io -> { });
      h.connect();
      h.open();

      JsonNode reply = json(h.message("40"));

      assertThat(reply.path("statusCode").asInt()).isEqualTo(200);
      assertThat(reply.path("body").asText()).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
      assertThat(fieldNames(reply)).containsExactly("statusCode", "body");
    }

    @Test
    void theFixtureBodyIsTheClientsConnect() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();
      h.open();
      h.gateway.clear();

      String reply = invoke(new DefaultHandler(h.runtime), EventFixtures.resource("events/default.json"));

      assertThat(reply).isEqualTo("{\"statusCode\":200,\"body\":\"42[\\\"auth\\\",{}]\"}");
      assertThat(h.gateway.frames(CONNECTION_ID)).singleElement().asString().startsWith("40{\"sid\":");
    }

    @Test
    void answersNoopWhenThereIsNothingToSay() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();

      assertThat(h.message("3")).isEqualTo("{\"statusCode\":200,\"body\":\"6\"}");
    }

    @Test
    void answersNoopToAnUnreadableEvent() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());

      assertThat(invoke(new DefaultHandler(h.runtime), "{oops")).isEqualTo("{\"statusCode\":200,\"body\":\"6\"}");
      assertThat(invoke(new DefaultHandler(h.runtime), "{}")).isEqualTo("{\"statusCode\":200,\"body\":\"6\"}");
    }

    @Test
    void answersNoopWhenTheBodyIsMissing() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();
      var event = (ObjectNode) json(EventFixtures.resource("events/default.json"));
      event.putNull("body");

      assertThat(invoke(new DefaultHandler(h.runtime), Json.write(event)))
          .isEqualTo("{\"statusCode\":200,\"body\":\"6\"}");
    }

    @Test
    void answersNoopWhenTheEngineFailsEntirely() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      Runtime broken = RuntimeBuilder.of(Settings.from(Map.of("SOCKETIO_MANAGEMENT_ENDPOINT", "http://mgmt")))
          .app(io -> {
            throw new IllegalStateException("the application cannot be built");
          })
          .store(h.memory).gateways(h.gateway.provider()).openTrigger(id -> { }).build();

      assertThat(invoke(new DefaultHandler(broken), EventFixtures.resource("events/default.json")))
          .isEqualTo("{\"statusCode\":200,\"body\":\"6\"}");
      assertThat(h.memory.rowCount()).isZero();
    }

    @Test
    void base64BodyIsABinaryAttachment() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();
      h.message("40");
      h.message("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
      h.gateway.clear();

      // received after the header (events/default.json's requestTimeEpoch): parts are ordered by arrival
      String event = EventFixtures.message(CONNECTION_ID, Base64.getEncoder().encodeToString(new byte[] {1, 2}))
          .at(1_705_745_701_251L).base64(true).json();
      JsonNode reply = json(invoke(new DefaultHandler(h.runtime), event));

      assertThat(reply.path("body").asText()).isEqualTo("bAQI=");
      assertThat(h.gateway.frames(CONNECTION_ID))
          .containsExactly("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]");
    }

    @Test
    void malformedFrameClosesTheConnectionAndStillAnswersNoop() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();
      h.message("40");

      assertThat(h.message("42{}")).isEqualTo("{\"statusCode\":200,\"body\":\"6\"}");
      assertThat(h.gateway.wasDeleted(CONNECTION_ID)).isTrue();
      assertThat(h.memory.rowCount()).isZero();
    }
  }

  @Nested
  class Disconnect {
    @Test
    void removesEveryRowRunsTheListenersAndAnswers200() {
      List<String> reasons = new CopyOnWriteArrayList<>();
      HandlerHarness h = new HandlerHarness(io -> {
        new ConformanceApp().configure(io);
        io.of("/").onDisconnect((socket, reason) -> reasons.add(reason));
      });
      h.connect();
      h.message("40");
      h.message("40/custom,");
      assertThat(h.memory.rowCount()).isGreaterThan(1);

      String reply = invoke(new DisconnectHandler(h.runtime), EventFixtures.resource("events/disconnect.json"));

      assertThat(reply).isEqualTo("{\"statusCode\":200}");
      assertThat(h.memory.rowCount()).isZero();
      assertThat(reasons).containsExactly("transport close");
    }

    @Test
    void answers200EvenWhenItCannotReadTheEvent() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());

      assertThat(invoke(new DisconnectHandler(h.runtime), "[")).isEqualTo("{\"statusCode\":200}");
    }

    @Test
    void answers200WhenTheStoreFails() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp(), "http://mgmt", new FailingStore());

      assertThat(invoke(new DisconnectHandler(h.runtime), EventFixtures.disconnect("x=").json()))
          .isEqualTo("{\"statusCode\":200}");
    }
  }

  @Nested
  class Open {
    @Test
    void sendsTheOpenPacket() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();

      assertThat(h.open()).isEqualTo("{\"sent\":true}");

      String sid = h.memory.getConnection(CONNECTION_ID).orElseThrow().eioSid();
      assertThat(h.gateway.frames(CONNECTION_ID)).containsExactly("0{\"sid\":\"" + sid
          + "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    }

    @Test
    void reportsWhenThereIsNoSuchConnection() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());

      assertThat(h.open()).isEqualTo("{\"sent\":false}");
    }

    @Test
    void refusesAnEventWithoutConnectionId() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());

      assertThatThrownBy(() -> invoke(new OpenHandler(h.runtime), "{}"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionId");
    }
  }

  @Nested
  class Heartbeat {
    @Test
    void pingsDueConnectionsAndReportsWhatItDid() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();
      h.message("40");
      h.gateway.clear();
      h.clock.advance(25_000);

      String reply = invoke(new HeartbeatHandler(h.runtime), EventFixtures.resource("events/heartbeat.json"));

      assertThat(reply).isEqualTo(
          "{\"pinged\":1,\"timedOut\":0,\"connectTimeouts\":0,\"acksExpired\":0,\"gone\":0,\"failed\":0,\"deferred\":0}");
      assertThat(h.gateway.frames(CONNECTION_ID)).containsExactly("2");
    }

    @Test
    void removesConnectionsThatNeverJoinedANamespace() {
      HandlerHarness h = new HandlerHarness(new ConformanceApp());
      h.connect();
      h.clock.advance(45_000);

      JsonNode reply = json(invoke(new HeartbeatHandler(h.runtime), EventFixtures.scheduled(
          Instant.ofEpochMilli(h.clock.now()))));

      assertThat(reply.path("connectTimeouts").asInt()).isEqualTo(1);
      assertThat(h.memory.rowCount()).isZero();
    }
  }
}
