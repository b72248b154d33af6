package dev.socketiolambda.local.e2e.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storefront's demo page in a real browser: Playwright ({@code playwright-core}) driving Debian's
 * Chromium against the local stack with {@code --app storefront}: seller Sam changes a price and the
 * stock, buyer Ana sees them live on her product page; Ana orders and Sam's page shows the order
 * ({@code local/src/test/node/storefront-browser.js}). Screenshots in {@code local/target/storefront-browser}.
 * Without Chromium the test fails with the install command; it is never skipped.
 */
class StorefrontBrowserIT {
  @Test
  void aSellersChangesShowLiveOnABuyersPageAndTheBuyersOrderOnTheSellers() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("storefront").withPort(0).withWebPort(0))) {
      Path shots = Node.repoRoot().resolve("local/target/storefront-browser");
      Node.Result r = Node.run(Path.of("local/src/test/node/storefront-browser.js"),
          List.of(stack.demoPageUrl(), shots.toString()), Map.of(), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"price\":\"9.99\"").contains("\"status\":\"connected\"")
          .contains("Stoneware mug × 2 = 19.98").contains("\"alert\":\"stock:low\"");
      assertThat(shots.resolve("ana-sees-new-price.png")).exists();
      assertThat(shots.resolve("sam-sees-order.png")).exists();
    }
  }
}
