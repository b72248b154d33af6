package dev.socketiolambda.examples.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.Rules;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueLogicTest {
  @Test
  void ticketIdsParseIntoServiceAndNumberAndRefuseOtherShapes() {
    assertThat(QueueStore.TicketKey.parse("Finance-7")).isEqualTo(new QueueStore.TicketKey("Finance", 7));
    assertThat(QueueStore.TicketKey.parse("Student_Affairs-120").ticketId()).isEqualTo("Student_Affairs-120");
    for (String bad : new String[] {"Finance", "-7", "Finance-", "Fin ance-7", "Finance-7a", "Finance-12345678901234",
        "x".repeat(40) + "-1"}) {
      assertThatThrownBy(() -> QueueStore.TicketKey.parse(bad)).as(bad).isInstanceOf(QueueStore.Refused.class)
          .hasMessageContaining("no ticket");
    }
  }

  @Test
  void ticketNumbersArePrefixAndThreeDigits() {
    assertThat(QueueStore.ticketNumber("FIN", 7)).isEqualTo("FIN-007");
    assertThat(QueueStore.ticketNumber("REG", 1234)).isEqualTo("REG-1234");
  }

  @Test
  void timestampsAreWrittenAsJavaScriptToIsoStringDoes() {
    assertThat(QueueStore.iso(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(QueueStore.iso(1_717_243_200_123L)).isEqualTo("2024-06-01T12:00:00.123Z");
  }

  @Test
  void requiredFieldsAnswerTheSeedsMessage() {
    assertThatThrownBy(() -> Rooms.require(Json.object(), "serviceType", Rooms.SERVICE_TYPE))
        .isInstanceOf(QueueError.class).hasMessage("serviceType is required");
    assertThatThrownBy(() -> Rooms.require(Json.object().put("serviceType", ""), "serviceType", Rooms.SERVICE_TYPE))
        .hasMessage("serviceType is required");
    assertThatThrownBy(() -> Rooms.require(Json.object().put("counterId", 5), "counterId", Rooms.ID))
        .hasMessageStartingWith("counterId must be a string");
    assertThatThrownBy(() -> Rooms.require(Json.object().put("serviceType", "Fin ance"), "serviceType",
        Rooms.SERVICE_TYPE)).hasMessageStartingWith("serviceType must be a string matching");
    assertThat(Rooms.require(Json.object().put("serviceType", "Finance"), "serviceType", Rooms.SERVICE_TYPE))
        .isEqualTo("Finance");
    assertThat(new QueueError(QueueError.VALIDATION, "serviceType is required").toJson().toString())
        .isEqualTo("{\"success\":false,\"error\":\"serviceType is required\",\"code\":\"VALIDATION\"}");
  }

  @Test
  void payloadsMustBeObjectsAndReportsAreCut() {
    assertThatThrownBy(() -> Payload.object(List.of())).hasMessage("payload must be an object");
    assertThatThrownBy(() -> Payload.object(List.of(Json.nodes().textNode("x")))).hasMessage("payload must be an object");
    assertThat(Payload.optionalObject(List.of()).size()).isZero();
    assertThat(Payload.bounded(Json.object().put("m", "x".repeat(600)), "m", 500)).hasSize(500);
    assertThat(Payload.bounded(Json.object(), "m", 500)).isNull();
    assertThatThrownBy(() -> Payload.bounded(Json.object().put("m", 1), "m", 500)).hasMessage("m must be a string");
  }

  @Test
  void theRulesLoadAndDeclareBothDomainTables() {
    Rules rules = Rules.fromLocation(QueueBundle.RULES);
    assertThat(rules.tables()).extracting(DomainTable::name).containsExactly(QueueTables.TICKETS, QueueTables.FLOOR);
    assertThat(rules.tables().get(0).sortKeyType()).isEqualTo("N");
  }

  @Test
  void metricsCountQueuesWaitsAndCounters() {
    List<ObjectNode> services = List.of(
        Json.object().put("serviceType", "Finance").put("totalWaiting", 3).put("servedCount", 2)
            .put("totalWaitMs", 90_000).put("nowServing", "FIN-002"),
        Json.object().put("serviceType", "Registry").put("totalWaiting", 0).put("servedCount", 0).put("totalWaitMs", 0)
            .putNull("nowServing"));
    List<ObjectNode> counters = List.of(
        Json.object().put("counterId", "c1").put("counterName", "Counter 1").put("serviceType", "Finance")
            .put("status", "busy").put("currentTicket", "FIN-002"),
        Json.object().put("counterId", "c2").put("counterName", "Counter 2").put("serviceType", "Finance")
            .put("status", "available"),
        Json.object().put("counterId", "c3").put("counterName", "Counter 3").put("serviceType", "Registry")
            .put("status", "closed"));
    ObjectNode m = Metrics.of(services, counters, 4, 0);
    assertThat(m.path("timestamp").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(m.path("connectedClients").asInt()).isEqualTo(4);
    assertThat(m.path("totalWaiting").asInt()).isEqualTo(3);
    assertThat(m.path("services").get(0).toString()).isEqualTo("{\"serviceType\":\"Finance\",\"queueLength\":3,"
        + "\"nowServing\":\"FIN-002\",\"servedCount\":2,\"averageWaitSeconds\":45,\"availableCounters\":1}");
    assertThat(m.path("services").get(1).path("averageWaitSeconds").asInt()).isZero();
    assertThat(m.path("counters").path("total").asInt()).isEqualTo(3);
    assertThat(m.path("counters").path("busy").asInt()).isEqualTo(1);
    assertThat(m.path("counters").path("available").asInt()).isEqualTo(1);
    assertThat(m.path("counters").path("closed").asInt()).isEqualTo(1);
    assertThat(m.path("counters").path("list").get(2).path("currentTicket").isNull()).isTrue();
  }

  @Test
  void configReadsCorsOriginsAndRefusesBadOnes() {
    Map<String, String> auth = Map.of("AUTH_JWT_SECRET", "s".repeat(40));
    assertThat(QueueConfig.from(auth).anyOrigin()).isTrue();
    QueueConfig c = QueueConfig.from(Map.of("AUTH_JWT_SECRET", "s".repeat(40), "QUEUE_CORS_ORIGINS",
        "http://localhost:5173, https://queue.example.com"));
    assertThat(c.corsOrigins()).containsExactly("http://localhost:5173", "https://queue.example.com");
    assertThat(c.clientsTable()).isEqualTo(QueueConfig.DEFAULT_CLIENTS_TABLE);
    assertThatThrownBy(() -> QueueConfig.from(Map.of("AUTH_JWT_SECRET", "s".repeat(40), "QUEUE_CORS_ORIGINS",
        "localhost"))).hasMessageContaining("QUEUE_CORS_ORIGINS");
  }
}
