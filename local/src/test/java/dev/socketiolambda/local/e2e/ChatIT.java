package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.chat.ChatStore;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat example ({@code --app chat}) with real npm {@code socket.io-client} instances: every
 * client-to-server and server-to-client event, authorization, validation and rate limits
 * ({@code local/src/test/node/chat-scenarios.js}). Each scenario gets its own users and channels.
 */
class ChatIT {
  static final Path SCENARIOS = Path.of("local/src/test/node/chat-scenarios.js");
  static final String SECRET = "chat-it-secret-0123456789abcdef-0123456789";
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(chatOptions().withAppEnv("CHAT_SEND_RATE", "1000/1m")
        .withAppEnv("CHAT_TYPING_RATE", "1000/1m"));
    for (String scenario : List.of("auth", "messages", "receipts", "reactions", "channels", "typing", "presence")) {
      seed(stack, scenario);
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static LocalOptions chatOptions() {
    // the shared auth settings; tokens minted in Node name this audience, and without skew a token
    // can expire within the auth scenario
    return LocalOptions.forApp("chat").withPort(0).withWebPort(0).withAppEnv("AUTH_JWT_SECRET", SECRET)
        .withAppEnv("AUTH_AUDIENCE", "socketio-chat").withAppEnv("AUTH_CLOCK_SKEW", "0s");
  }

  /** Channel {@code s} (public: s-a admin, s-b, s-c) and {@code s-private} (s-a admin, s-b); s-d has none. */
  static void seed(LocalStack on, String s) {
    ChatStore store = on.chat().app().store();
    store.createChannel(s, "Channel " + s, false, s + "-a");
    store.createChannel(s + "-private", "Private " + s, true, s + "-a");
    store.addMember(s, s + "-a", "admin");
    store.addMember(s, s + "-b", "member");
    store.addMember(s, s + "-c", "member");
    store.addMember(s + "-private", s + "-a", "admin");
    store.addMember(s + "-private", s + "-b", "member");
  }

  static Node.Result scenario(LocalStack on, String name) {
    return Node.run(SCENARIOS, List.of(on.websocketUrl(), on.demoPageUrl(), name), Map.of("CHAT_SECRET", SECRET),
        240);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth", "messages", "receipts", "reactions", "channels", "typing", "presence"})
  void scenarioPassesWithRealClients(String name) {
    Node.Result r = scenario(stack, name);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("\"scenario\":\"" + name + "\"");
  }

  @Test
  void sendAndTypingAreRateLimitedPerConnection() {
    try (LocalStack limited = LocalStack.start(chatOptions().withAppEnv("CHAT_SEND_RATE", "5/1m")
        .withAppEnv("CHAT_TYPING_RATE", "5/1m"))) {
      seed(limited, "ratelimit");
      Node.Result r = scenario(limited, "ratelimit");
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).contains("\"limitedAfter\":5");
    }
  }
}
