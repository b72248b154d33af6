package dev.socketiolambda.local.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vendor support desk ({@code --app support}, seed 000) with real npm {@code socket.io-client}
 * instances, one per role (two vendors, a support agent, an admin): every event of the catalogue
 * both ways through the production paths (HTTP route -> queries table -> stream -> rule ->
 * broadcast for {@code newSupportQuery} and {@code queryMarkedAsRead}; socket event -> table ->
 * room emit for messages and typing), payloads field by field, recipients and non-recipients,
 * authorization and validation failures ({@code local/src/test/node/support-scenarios.js}).
 */
class SupportIT {
  static final Path SCENARIOS = Path.of("local/src/test/node/support-scenarios.js");
  static final String SECRET = "support-it-secret-0123456789abcdef-012345";
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

  static LocalOptions options() {
    return LocalOptions.forApp("support").withPort(0).withWebPort(0).withAppEnv("AUTH_JWT_SECRET", SECRET);
  }

  static Node.Result scenario(LocalStack on, String name) {
    return Node.run(SCENARIOS, List.of(on.websocketUrl(), on.demoPageUrl(), name), Map.of("SUPPORT_SECRET", SECRET),
        240);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth", "queries", "conversation", "read"})
  void scenarioPassesWithRealClients(String name) {
    Node.Result r = scenario(stack, name);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("\"scenario\":\"" + name + "\"");
  }
}
