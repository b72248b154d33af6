package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chat's demo page in a real browser: Playwright ({@code playwright-core} from npm) driving
 * Debian's Chromium ({@code /usr/bin/chromium}, installed by {@code .ci/run}) against the local stack
 * with {@code --app chat}: two users, typing indicator, message, read receipt, reaction
 * ({@code local/src/test/node/chat-browser.js}). Screenshots land in {@code local/target/chat-browser}.
 * Without Chromium the test fails with the install command; it is never skipped.
 */
class ChatBrowserIT {
  @Test
  void twoUsersChatInTwoBrowserPages() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("chat").withPort(0).withWebPort(0))) {
      Path shots = Node.repoRoot().resolve("local/target/chat-browser");
      Node.Result r = Node.run(Path.of("local/src/test/node/chat-browser.js"),
          List.of(stack.demoPageUrl(), shots.toString()), Map.of(), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe())
          .contains("\"delivered\":\"Hi Bob, ready for the demo?\"")
          .contains("Read by Bob")
          .contains("\"status\":\"connected\"");
      assertThat(shots.resolve("bob-sees-typing.png")).exists();
      assertThat(Files.isRegularFile(shots.resolve("alice-sees-read-receipt.png"))).isTrue();
    }
  }
}
