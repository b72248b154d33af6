package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.gateway.FaultSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Domain writes become broadcasts: items written to a DynamoDB Local table reach, through the
 * local stream poller and the real stream function with its rules, exactly the npm socket.io
 * clients in the target rooms.
 */
class StreamBroadcastIT {
  private static final java.nio.file.Path RULES = StreamsScenario.RULES;

  @Test
  void domainWritesReachTheClientsOfTheTargetRoomsAndNoOneElseAndStaleConnectionsAreRemoved() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0).withStreamRules(RULES))) {
      // a stale connection: rows in the store, but API Gateway no longer knows it (410 on post)
      String ghost = "ghost-connection=";
      stack.store().putConnection(new ConnectionRecord(ghost, "eio", stack.managementEndpoint(),
          System.currentTimeMillis(), "127.0.0.1", Map.of(), Map.of(), 0, 0, 0, Long.MAX_VALUE / 2));
      stack.store().putSocket(new SocketRecord(ghost, "/", "ghost-sid", "{}", "{}",
          Set.of("ghost-sid", "user:alice"), System.currentTimeMillis()));

      runScenario(stack);

      assertThat(stack.store().getConnection(ghost)).as("stale connection removed after a 410").isEmpty();
      assertThat(stack.store().members("/", "user:alice")).extracting(Member::connectionId).doesNotContain(ghost);
    }
  }

  @Test
  void everyRecipientGetsEachBroadcastDespiteInjectedServerErrorsAndThrottling() throws Exception {
    FaultSettings faults = new FaultSettings(0, 0.10, List.of(500, 429), 42L);
    try (LocalStack stack = LocalStack.start(
        LocalOptions.defaults().withPort(0).withStreamRules(RULES).withFaults(faults))) {
      runScenario(stack);
    }
  }

  @Test
  void aBundlesHttpRouteWritesItsDomainTableAndItsRulesBroadcastTheWrites() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("streams-demo").withPort(0).withWebPort(-1))) {
      assertThat(stack.domainTables()).contains("orders");
      assertThat(stack.streamFunction()).isNotNull();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // every write is a real HTTP PUT on the WebSocket port, answered by the bundle's route
      StreamsScenario.run(stack, (orderId, customer, status, note) -> {
        String body = "{\"customerId\":\"" + customer + "\",\"status\":\"" + status + "\""
            + (note == null ? "" : ",\"note\":\"" + note + "\"") + "}";
        var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/orders/"
            + orderId)).header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
      }, "h-", () -> { });
    }
  }

  private static void runScenario(LocalStack stack) throws Exception {
    StreamsScenario.run(stack, stack.dynamo(), "o-", () -> { });
  }
}
