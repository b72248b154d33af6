package dev.socketiolambda.local.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The support desk's demo page in a real browser: Playwright ({@code playwright-core} from npm)
 * driving Debian's Chromium ({@code /usr/bin/chromium}) against the local stack with
 * {@code --app support}: a vendor page and a support page; a query opened in one appears live in the
 * other, the answer and the read state come back ({@code local/src/test/node/support-browser.js}).
 * Screenshots land in {@code local/target/support-browser}. Without Chromium the test fails with the
 * install command; it is never skipped.
 */
class SupportBrowserIT {
  @Test
  void aVendorAndASupportAgentWorkAQueryInTwoBrowserPages() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("support").withPort(0).withWebPort(0))) {
      Path shots = Node.repoRoot().resolve("local/target/support-browser");
      Node.Result r = Node.run(Path.of("local/src/test/node/support-browser.js"),
          List.of(stack.demoPageUrl(), shots.toString()), Map.of(), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe())
          .contains("\"newQuery\":\"Delivery fee charged twice\"")
          .contains("\"answer\":\"We are refunding it\"")
          .contains("Read by Sam (support)")
          .contains("\"status\":\"connected\"");
      assertThat(Files.isRegularFile(shots.resolve("sam-sees-new-query.png"))).isTrue();
      assertThat(Files.isRegularFile(shots.resolve("acme-sees-answer-and-read.png"))).isTrue();
    }
  }
}
