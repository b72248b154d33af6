package dev.socketiolambda.local.e2e.orders;

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
 * The orders example ({@code --app orders}, seed 001) with real npm {@code socket.io-client}
 * instances, one per role: every catalogue event in both directions through the production paths
 * (HTTP route -> domain table -> stream rule -> broadcast; the socket app's direct emits), payloads
 * field by field, recipients and non-recipients, authorization and validation of every client event
 * and route ({@code local/src/test/node/orders-scenarios.js}).
 */
class OrdersIT {
  static final Path SCENARIOS = Path.of("local/src/test/node/orders-scenarios.js");
  static final String SECRET = "orders-it-secret-0123456789abcdef-012345678";
  /** The location throttle of the IT: short, so the scenario waits little between bursts. */
  static final int LOCATION_WINDOW_MS = 2000;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(options().withAppEnv("ORDERS_EVENT_RATE", "10000/1m")
        .withAppEnv("ORDERS_LOCATION_RATE", "1/" + LOCATION_WINDOW_MS + "ms"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static LocalOptions options() {
    return LocalOptions.forApp("orders").withPort(0).withWebPort(-1).withAppEnv("AUTH_JWT_SECRET", SECRET)
        .withAppEnv("AUTH_CLOCK_SKEW", "0s");
  }

  static Node.Result scenario(LocalStack on, String name) {
    return Node.run(SCENARIOS, List.of(on.websocketUrl(), name),
        Map.of("ORDERS_SECRET", SECRET, "LOCATION_WINDOW_MS", String.valueOf(LOCATION_WINDOW_MS)), 240);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth", "catalogue", "routes"})
  void scenarioPassesWithRealClients(String name) {
    Node.Result r = scenario(stack, name);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("\"scenario\":\"" + name + "\"");
  }

  /** A day-long window: the seed's 100 per 15 min, shrunk to 5, refuses the sixth event of a burst. */
  @Test
  void socketEventsAreRateLimitedPerUser() {
    try (LocalStack limited = LocalStack.start(options().withAppEnv("ORDERS_EVENT_RATE", "5/24h"))) {
      Node.Result r = scenario(limited, "ratelimit");
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"limitedAfter\":5");
    }
  }
}
