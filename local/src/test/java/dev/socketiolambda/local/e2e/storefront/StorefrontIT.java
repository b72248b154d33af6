package dev.socketiolambda.local.e2e.storefront;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storefront example ({@code --app storefront}, seed 004) with real npm {@code socket.io-client}
 * instances, one per role: every event of the seed's catalogue through the production paths (HTTP
 * route, domain table, stream, hook, broadcast; the socket events; the schedules), recipients and
 * non-recipients, authorization and validation ({@code local/src/test/node/storefront-scenarios.js}).
 */
class StorefrontIT {
  static final Path SCENARIOS = Path.of("local/src/test/node/storefront-scenarios.js");
  static final String SECRET = "storefront-it-secret-0123456789abcdef-0123";
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(options());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** The shared auth settings, and schedules every second so metrics and expiries show up quickly. */
  static LocalOptions options() {
    return LocalOptions.forApp("storefront").withPort(0).withWebPort(0).withAppEnv("AUTH_JWT_SECRET", SECRET)
        .withAppEnv("STOREFRONT_METRICS_PERIOD", "1s").withAppEnv("STOREFRONT_EXPIRY_PERIOD", "1s");
  }

  static String httpBase(LocalStack on) {
    return "http://127.0.0.1:" + on.port();
  }

  /** The direct path: two product events emitted by the routes, the others by the stream, none twice. */
  @Test
  void routesEmitTheConfiguredEventsDirectlyAndTheStreamTheOthers() {
    try (LocalStack direct = LocalStack.start(options().withAppEnv("STOREFRONT_DIRECT_EVENTS",
        "product:price_changed,product:stock_changed"))) {
      Node.Result r = Node.run(SCENARIOS, List.of(direct.websocketUrl(), httpBase(direct), "direct"),
          Map.of("STOREFRONT_SECRET", SECRET), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"direct\":true");
    }
  }

  /** With the products stream stopped, the direct events still arrive: the routes send them. */
  @Test
  void directEventsArriveWithoutTheStream() throws Exception {
    try (LocalStack direct = LocalStack.start(options().withAppEnv("STOREFRONT_DIRECT_EVENTS",
        "product:price_changed,product:stock_changed"))) {
      direct.streamPollers().get("storefront-products").close();
      Node.Result r = Node.run(SCENARIOS, List.of(direct.websocketUrl(), httpBase(direct), "direct-no-stream"),
          Map.of("STOREFRONT_SECRET", SECRET), 180);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"direct\":true");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth", "products", "orders", "wholesale", "quotations", "notifications", "metrics"})
  void scenarioPassesWithRealClients(String name) {
    Node.Result r = Node.run(SCENARIOS, List.of(stack.websocketUrl(), httpBase(stack), name),
        Map.of("STOREFRONT_SECRET", SECRET), 180);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("\"scenario\":\"" + name + "\"");
  }
}
