package dev.socketiolambda.local.e2e.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import dev.socketiolambda.local.e2e.StreamsScenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery with the npm socket.io-client against the local stack (DynamoDB Local,
 * the gateway emulator, the stream poller): {@code local/src/test/node/recovery-client.js} loses its
 * connection (a killed socket, the emulator's idle timeout, its maximum duration as a short stand-in
 * for API Gateway's 2 h), misses events from another client, from the {@code Emitter} and from a
 * stream rule, and reconnects recovered: same id, every missed event once, in order, before new ones.
 */
class RecoveryIT {
  private static final LocalOptions BASE = LocalOptions.forApp("recovery-demo").withPort(0).withWebPort(-1)
      .withPing(60_000, 30_000).withStreamPollMs(100);

  @Test
  void aKilledSocketIsRecoveredWithEveryMissedEventOnceInOrder() throws Exception {
    run(BASE, "kill", Map.of());
  }

  @Test
  void aConnectionClosedByTheIdleTimeoutIsRecovered() throws Exception {
    run(BASE.withIdleTimeout(Duration.ofSeconds(8)), "idle", Map.of());
  }

  @Test
  void aConnectionEndedAtTheMaximumDurationIsRecovered() throws Exception {
    run(BASE.withMaxDuration(Duration.ofSeconds(8)), "max-duration", Map.of());
  }

  @Test
  void aReconnectAfterTheWindowGetsAFreshSession() throws Exception {
    run(BASE.withAppEnv("RECOVERY_WINDOW_MS", "1500"), "expired", Map.of("RECONNECT_AFTER_MS", "2500"));
  }

  @Test
  void aTamperedPidOrOffsetGetsAFreshSessionAndTheRealOnesStillRecover() throws Exception {
    run(BASE, "tampered", Map.of());
  }

  private static void run(LocalOptions options, String mode, Map<String, String> env) throws Exception {
    String orderId = "rec-" + mode;
    try (LocalStack stack = LocalStack.start(options)) {
      ProcessBuilder pb = new ProcessBuilder("node", "local/src/test/node/recovery-client.js", stack.websocketUrl(),
          mode).directory(Node.repoRoot().toFile()).redirectErrorStream(true);
      pb.environment().putAll(env);
      pb.environment().put("ORDER_ID", orderId);
      pb.environment().put("SCENARIO_TIMEOUT_MS", "60000");
      Process node = pb.start();
      StringBuilder output = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.append(line).append('\n');
          if (line.equals("GAP")) {
            // while A is away: one event from the Emitter, one from a stream rule (order -> user:alice)
            stack.emitter().of("/").to("room1").emit("msg", "gap-2");
            StreamsScenario.put(stack.dynamo(), orderId, "alice", "paid", null);
          }
        }
      } catch (IOException e) {
        output.append("(output unreadable: ").append(e).append(")");
      } finally {
        if (!node.waitFor(90, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
      assertThat(node.exitValue()).as(output.toString()).isZero();
      assertThat(output.toString()).contains("{\"ok\":true}");
    }
  }
}
