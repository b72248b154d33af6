package dev.socketiolambda.examples.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;

/**
 * The {@code loadBalancingMetrics} payload: connected clients, each service's queue length and
 * waiting time, the counters busy and free. Read with two {@code Query} requests (services,
 * counters) and one count of the namespace's sockets.
 */
final class Metrics {
  private Metrics() {}

  static ObjectNode snapshot(QueueStore store, int connectedClients, long nowMs) {
    return of(store.services(), store.counters(), connectedClients, nowMs);
  }

  /** The payload from what was read (pure: tested without a store). */
  static ObjectNode of(List<ObjectNode> services, List<ObjectNode> counters, int connectedClients, long nowMs) {
    ArrayNode perService = Json.array();
    long waiting = 0;
    for (ObjectNode s : services) {
      long served = s.path("servedCount").asLong();
      long queue = s.path("totalWaiting").asLong();
      waiting += queue;
      long available = counters.stream().filter(c -> c.path("serviceType").asText().equals(s.path("serviceType")
          .asText()) && QueueStore.AVAILABLE.equals(c.path("status").asText())).count();
      perService.add(Json.object().put("serviceType", s.path("serviceType").asText()).put("queueLength", queue)
          .put("nowServing", s.path("nowServing").textValue()).put("servedCount", served)
          .put("averageWaitSeconds", served == 0 ? 0 : Math.round(s.path("totalWaitMs").asLong() / 1000.0 / served))
          .put("availableCounters", available));
    }
    ObjectNode counterTotals = Json.object().put("total", counters.size());
    ArrayNode counterList = Json.array();
    for (String status : List.of(QueueStore.AVAILABLE, QueueStore.BUSY, QueueStore.CLOSED)) {
      counterTotals.put(status, counters.stream().filter(c -> status.equals(c.path("status").asText())).count());
    }
    for (ObjectNode c : counters) {
      counterList.add(Json.object().put("counterId", c.path("counterId").asText())
          .put("counterName", c.path("counterName").asText()).put("serviceType", c.path("serviceType").asText())
          .put("status", c.path("status").asText()).put("currentTicket", c.path("currentTicket").textValue()));
    }
    counterTotals.set("list", counterList);
    return Json.object().put("timestamp", QueueStore.iso(nowMs)).put("connectedClients", connectedClients)
        .put("totalWaiting", waiting).<ObjectNode>set("services", perService).set("counters", counterTotals);
  }
}
