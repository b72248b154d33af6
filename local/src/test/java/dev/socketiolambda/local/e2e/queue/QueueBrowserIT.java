package dev.socketiolambda.local.e2e.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service queue's demo page in a real browser: Playwright ({@code playwright-core} from npm)
 * driving Debian's Chromium ({@code /usr/bin/chromium}) against the local stack with {@code --app queue}:
 * a staff dashboard and a customer ticket view; the customer's ticket shows up live on the dashboard,
 * the staff's call and completion show up live on the customer's page
 * ({@code local/src/test/node/queue-browser.js}). Screenshots land in {@code local/target/queue-browser}.
 * Without Chromium the test fails with the install command; it is never skipped.
 */
class QueueBrowserIT {
  @Test
  void aCustomerAndAStaffMemberSeeEachOthersActionsLive() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("queue").withPort(0).withWebPort(0)
        .withStreamPollMs(50))) {
      Path shots = Node.repoRoot().resolve("local/target/queue-browser");
      Node.Result r = Node.run(Path.of("local/src/test/node/queue-browser.js"),
          List.of(stack.demoPageUrl(), shots.toString()), Map.of(), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"ticket\":\"FIN-001\"")
          .contains("has been completed").contains("\"counter\":\"available\"").contains("\"status\":\"connected\"");
      assertThat(shots.resolve("sam-sees-new-ticket.png")).exists();
      assertThat(shots.resolve("carol-is-being-served.png")).exists();
    }
  }
}
