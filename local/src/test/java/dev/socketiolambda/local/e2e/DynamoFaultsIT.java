package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.DynamoFaultKind;
import dev.socketiolambda.local.dynamo.DynamoFaultProxy;
import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real npm {@code socket.io-client@4} against a local stack whose DynamoDB throttles a share of
 * requests: the functions' SDK clients retry the throttles and the client sees nothing of them.
 */
class DynamoFaultsIT {
  private static final Path SCENARIOS = Path.of("local/src/test/node/scenarios.js");
  private static final DynamoFaultSettings THROTTLING = DynamoFaultSettings.NONE.withFailureRate(0.1)
      .withKinds(List.of(DynamoFaultKind.THROTTLE)).withSeed(19);

  @Test
  void aStackStartedWithDynamoFaultsServesTheRealClientAndStopsItsProxy() {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0).withDynamoFaults(THROTTLING))) {
      for (String name : List.of("basics", "rooms", "serverAck")) {
        Node.Result r = Node.run(SCENARIOS, List.of(stack.websocketUrl(), name), Map.of(), 180);
        assertThat(r.exitCode()).as(name + ": " + r.describe()).isZero();
      }
      assertThat(proxyThreadsAlive()).as("requests went through the fault proxy").isPositive();
    }
    assertThat(proxyThreadsAlive()).as("proxy threads left after close").isZero();
  }

  @Test
  void throttlesAreAbsorbedByTheSdkRetriesOfEveryFunction() {
    try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(0);
        DynamoFaultProxy proxy = DynamoFaultProxy.start(db.endpoint(), THROTTLING);
        LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0)
            .withDynamoEndpoint(proxy.endpoint().toString()))) {
      Node.Result r = Node.run(SCENARIOS, List.of(stack.websocketUrl(), "crowd"),
          Map.of("CLIENTS", "20", "MESSAGES", "5", "SCENARIO_TIMEOUT_MS", "90000"), 180);

      System.out.println("DynamoDB requests " + proxy.requests() + ", injected " + proxy.injected());
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).contains("\"clients\":20").contains("\"acks\":100").contains("\"deliveries\":400");
      assertThat(proxy.injected().keySet())
          .containsAnyOf("ThrottlingException", "ProvisionedThroughputExceededException");
      assertThat(proxy.injected().values().stream().mapToLong(Long::longValue).sum())
          .isGreaterThanOrEqualTo(proxy.requests() / 20); // about 10% of the requests were throttled
    }
  }

  private static long proxyThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("dynamo-fault-proxy") && t.isAlive()).count();
  }
}
