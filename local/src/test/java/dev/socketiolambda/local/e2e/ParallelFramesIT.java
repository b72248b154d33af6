package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real npm {@code socket.io-client@4} against a local stack whose API Gateway emulator runs one
 * connection's {@code $default} invocations in parallel and out of order (up to 40 ms apart), as
 * AWS may: binary packets (header and attachments in separate frames) still reach the listener
 * whole, one that cannot be reassembled is answered with an ack error, and a namespace that leaves and
 * joins again at once is connected on the server as on the client.
 */
class ParallelFramesIT {
  private static final Path SCRIPT = Path.of("local/src/test/node/reliability.js");

  @Test
  void binaryEventsWhosePartsAreHandledInParallelAndOutOfOrderAreReassembled() {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withApp("conformance").withPort(0).withParallelDefault(40))) {
      Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl(), "binaryInTurn"), Map.of("COUNT", "30"), 120);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"acks\":30");
    }
  }

  @Test
  void aNamespaceThatLeavesAndJoinsAgainAtOnceIsConnectedOnTheServerToo() {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withApp("conformance").withPort(0).withParallelDefault(40))) {
      Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl(), "namespaceReconnect"), Map.of("ROUNDS", "30"), 120);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"rounds\":30");
    }
  }

  @Test
  void aBinaryPacketOverTheLimitIsAnsweredWithAnAckErrorNotSilence() {
    // 6 x 20 KB attachments: over a 64 KB max payload once parts accumulate
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withApp("conformance").withPort(0).withMaxPayload(64 * 1024)
        .withParallelDefault(40))) {
      Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl(), "binaryTooLarge"), Map.of(), 120);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("binary packet too large");
    }
  }
}
