package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.chat.ChatConfig;
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
        .withAppEnv("CHAT_TYPING_RATE", "1000/1m").withAppEnv("CHAT_RECEIPT_RATE", "1000/1m")
        .withAppEnv("CHAT_WRITE_RATE", "1000/1m"));
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
    ChatStore store = new ChatStore(on.dynamo(), ChatConfig.DEFAULT_TABLE, System::currentTimeMillis);
    store.createChannel(s, "Channel " + s, false, s + "-a");
    store.createChannel(s + "-private", "Private " + s, true, s + "-a");
    store.addMember(s, s + "-a", "admin");
    store.addMember(s, s + "-b", "member");
    store.addMember(s, s + "-c", "member");
    store.addMember(s + "-private", s + "-a", "admin");
    store.addMember(s + "-private", s + "-b", "member");
  }

  static Node.Result scenario(LocalStack on, String name) {
    return scenario(on, name, Map.of());
  }

  static Node.Result scenario(LocalStack on, String name, Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("CHAT_SECRET", SECRET);
    return Node.run(SCENARIOS, List.of(on.websocketUrl(), on.demoPageUrl(), name), all, 240);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth", "messages", "receipts", "reactions", "channels", "typing", "presence"})
  void scenarioPassesWithRealClients(String name) {
    Node.Result r = scenario(stack, name);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("\"scenario\":\"" + name + "\"");
  }

  /** Day-long windows: a burst of a few seconds almost never straddles a window edge. */
  @Test
  void sendAndTypingAreRateLimitedPerUser() {
    try (LocalStack limited = LocalStack.start(chatOptions().withAppEnv("CHAT_SEND_RATE", "5/24h")
        .withAppEnv("CHAT_TYPING_RATE", "5/24h"))) {
      seed(limited, "ratelimit");
      Node.Result r = scenario(limited, "ratelimit");
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).contains("\"limitedAfter\":5");
    }
  }

  /**
   * Five connections of one user send 60 messages and 50 reactions at once (the attack:
   * before, 60 messages passed a 10 per 10 s limit); the scenario checks that at most the limit
   * was accepted (per window the burst touched), stored and broadcast, and the rest refused.
   */
  @Test
  void manyConnectionsOfOneUserInParallelNeverExceedThePerUserLimit() {
    try (LocalStack limited = LocalStack.start(chatOptions().withAppEnv("CHAT_SEND_RATE", "10/24h")
        .withAppEnv("CHAT_WRITE_RATE", "15/24h"))) {
      seed(limited, "ratelimit-parallel");
      Node.Result r = scenario(limited, "ratelimit-parallel", Map.of("RATE_SEND", "10", "RATE_WRITE", "15",
          "RATE_WINDOW_MS", "86400000"));
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"connections\":5");
      System.out.println("ratelimit-parallel: " + r.stdout().trim());
    }
  }
}
