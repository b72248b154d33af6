package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real npm {@code socket.io-client@4} (and, for a namespace's leave-and-join, the Java client)
 * against a local stack whose API Gateway emulator runs one connection's {@code $default}
 * invocations in parallel and out of order (up to 40 ms apart), as AWS may: binary packets (header and attachments in separate frames) still reach the listener
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
  void theJavaClientsNamespaceThatLeavesAndJoinsAgainAtOnceIsConnectedOnTheServerToo() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withApp("conformance").withPort(0).withParallelDefault(40))) {
      IO.Options options = IO.Options.builder().setTransports(new String[] {WebSocket.NAME}).setReconnection(false)
          .setTimeout(10_000).build();
      Manager manager = new Manager(URI.create("http://127.0.0.1:" + stack.port()), options);
      Socket main = manager.socket("/", options);
      Socket custom = manager.socket("/custom", options);
      try {
        JavaClientIT.connect(main);
        JavaClientIT.connect(custom);
        for (int round = 0; round < 20; round++) {
          custom.disconnect();
          JavaClientIT.connect(custom); // 41 and 40 go out back to back on the one WebSocket
          CompletableFuture<Object> ack = new CompletableFuture<>();
          custom.emit("message-with-ack", new Object[] {round}, args -> ack.complete(args.length > 0 ? args[0] : null));
          assertThat(ack.get(10, TimeUnit.SECONDS)).as("the ack of round %d", round).isEqualTo(round);
        }
        assertThat(main.connected()).as("the other namespace stayed connected").isTrue();
      } finally {
        custom.close();
        main.close();
      }
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
