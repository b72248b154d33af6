package dev.socketiolambda.examples.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's users and channels, written by the local stack at start (idempotent: existing items
 * are kept). Users: alice, bob, carol, dave. Channels: {@code general} (public, everyone; alice is
 * admin), {@code random} (public; alice, bob, carol), {@code design} (private; alice admin, carol).
 */
public final class DemoData {
  /** Demo user id to display name. */
  public static final Map<String, String> USERS = users();

  private DemoData() {}

  private static Map<String, String> users() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("alice", "Alice");
    m.put("bob", "Bob");
    m.put("carol", "Carol");
    m.put("dave", "Dave");
    return java.util.Collections.unmodifiableMap(m);
  }

  public static void seed(ChatStore store) {
    store.createChannel("general", "General", false, "alice");
    store.createChannel("random", "Random", false, "alice");
    store.createChannel("design", "Design", true, "alice");
    store.addMember("general", "alice", "admin");
    store.addMember("general", "bob", "member");
    store.addMember("general", "carol", "member");
    store.addMember("general", "dave", "member");
    store.addMember("random", "alice", "admin");
    store.addMember("random", "bob", "member");
    store.addMember("random", "carol", "member");
    store.addMember("design", "alice", "admin");
    store.addMember("design", "carol", "member");
    if (store.channel("general").orElseThrow().lastMessageId() == 0) {
      store.send("general", "alice", "Alice", "Welcome to the team chat! Say hello.", null);
    }
  }
}
