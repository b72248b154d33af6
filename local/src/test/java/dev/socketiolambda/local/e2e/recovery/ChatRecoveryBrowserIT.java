package dev.socketiolambda.local.e2e.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chat page recovers in a real browser (Debian's Chromium through playwright-core): Alice's
 * WebSocket is cut and her reconnects held while Bob sends; once she is back her page shows the
 * message without a reload, over a recovered socket ({@code local/src/test/node/recovery-browser.js}).
 */
class ChatRecoveryBrowserIT {
  @Test
  void aPageThatWasOfflineShowsWhatItMissedWithoutAReload() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("chat").withPort(0).withWebPort(0))) {
      Path shots = Node.repoRoot().resolve("local/target/chat-recovery-browser");
      Node.Result r = Node.run(Path.of("local/src/test/node/recovery-browser.js"),
          List.of(stack.demoPageUrl(), shots.toString()), Map.of(), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"recovered\":true")
          .contains("\"shown\":\"Sent while Alice was offline\"");
    }
  }
}
