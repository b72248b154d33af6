package dev.socketiolambda.local.e2e.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat demo page with socket.io-client's default options in Debian's Chromium (playwright-core),
 * against the local stack with {@code --app chat}: it connects over HTTP long-polling and upgrades to
 * WebSocket; and with WebSocket blocked in the browser it stays on polling and the chat still works
 * ({@code local/src/test/node/chat-polling-browser.js}). Screenshots land in
 * {@code local/target/chat-polling-browser}. Without Chromium the test fails with the install
 * command; it is never skipped.
 */
class ChatPollingBrowserIT {
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LocalOptions.forApp("chat").withPort(0).withWebPort(0));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Node.Result page(String mode) {
    Path shots = Node.repoRoot().resolve("local/target/chat-polling-browser");
    return Node.run(Path.of("local/src/test/node/chat-polling-browser.js"),
        List.of(stack.demoPageUrl(), mode, shots.toString()), Map.of(), 180);
  }

  @Test
  void withDefaultOptionsThePageStartsOnPollingAndUpgradesToWebSocket() {
    Node.Result r = page("upgrade");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe())
        .contains("\"transports\":[\"websocket\",\"websocket\"]")
        .contains("\"received\":[\"Hello over WebSocket from bob\",\"Hello over WebSocket from alice\"]")
        .contains("\"webSocketsOpened\":2")
        .doesNotContain("\"GET\":0");
  }

  @Test
  void withWebSocketBlockedInTheBrowserTheChatWorksOverPolling() {
    Node.Result r = page("blocked");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe())
        .contains("\"transports\":[\"polling\",\"polling\"]")
        .contains("\"received\":[\"Hello over polling from dave\",\"Hello over polling from carol\"]")
        .contains("\"webSocketsOpened\":0")
        .containsPattern("\"blockedAttempts\":\\[[1-9]\\d*,[1-9]\\d*\\]")
        .doesNotContain("\"POST\":0");
  }
}
