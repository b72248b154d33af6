package dev.socketiolambda.local.e2e.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The orders demo page in a real browser: Playwright ({@code playwright-core} from npm) driving
 * Debian's Chromium against the local stack with {@code --app orders}: an admin page and a customer
 * page; the business toggle, a new order and its confirmation show live in the other page
 * ({@code local/src/test/node/orders-browser.js}). Screenshots land in {@code local/target/orders-browser}.
 * Without Chromium the test fails with the install command; it is never skipped.
 */
class OrdersBrowserIT {
  @Test
  void anAdminAndACustomerSeeEachOthersActionsLive() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("orders").withPort(0).withWebPort(0))) {
      Path shots = Node.repoRoot().resolve("local/target/orders-browser");
      Node.Result r = Node.run(Path.of("local/src/test/node/orders-browser.js"),
          List.of(stack.demoPageUrl(), shots.toString()), Map.of(), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("Carla Customer").contains("Your order has been confirmed");
      assertThat(shots.resolve("customer-sees-closed.png")).exists();
      assertThat(shots.resolve("customer-sees-confirmed.png")).exists();
    }
  }
}
