package dev.socketiolambda.examples.chat;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.bundle.LocalDemo;
import dev.socketiolambda.functions.limits.RateLimitTable;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.List;
import java.util.Map;

/**
 * The team chat as a bundle ({@code SOCKETIO_APP=chat}, {@code --app chat},
 * {@code -c socketio:example=chat}): {@link ChatApp} over its one table ({@link ChatTables}), the
 * HS256 key of user tokens as a generated secret, and locally the demo users and channels
 * ({@link DemoData}) with the demo page and its token endpoint.
 */
public final class ChatBundle implements AppBundle {
  /** The chat's table. */
  public static final BundleTable TABLE = new BundleTable("ChatTable", "CHAT_TABLE", ChatConfig.DEFAULT_TABLE,
      ChatTables::definition, ChatTables.TTL_ATTRIBUTE);
  /** The per-user rate-limit counters; client events (and so the checks) run only in {@code Default}. */
  public static final BundleTable LIMITS_TABLE = RateLimitTable.bundleTable("ChatLimitsTable", "CHAT_LIMITS_TABLE",
      ChatRates.DEFAULT_TABLE, List.of("Default"));
  /** The HS256 key of user tokens (the shared auth settings' {@code AUTH_JWT_SECRET}). */
  public static final BundleSecret JWT_SECRET = new BundleSecret("JwtSecret", "AUTH_JWT_SECRET",
      "HS256 key of the chat's user tokens; token issuers sign with it", 64);
  /** Classpath folder of the chat's page. */
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/chat/web";

  @Override
  public String name() {
    return "chat";
  }

  @Override
  public String description() {
    return "team chat (seed 002); tokens: HS256 JWTs (sub, name, exp, aud " + ChatConfig.DEFAULT_AUDIENCE
        + ") signed with " + JWT_SECRET.variable();
  }

  @Override
  public void checkSettings(Map<String, String> env) {
    ChatConfig.from(env); // the key's length too
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new ChatApp(ChatConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(TABLE, LIMITS_TABLE);
  }

  /** The chat requires tokens for its audience, as it did before the shared settings. */
  @Override
  public Map<String, String> environment() {
    return Map.of("AUTH_AUDIENCE", ChatConfig.DEFAULT_AUDIENCE);
  }

  @Override
  public List<BundleSecret> secrets() {
    return List.of(JWT_SECRET);
  }

  @Override
  public LocalDemo localDemo(AppContext context) {
    ChatConfig config = ChatConfig.from(context.env());
    ChatStore store = new ChatStore(context.dynamo(), config.table(), context.clock());
    return new LocalDemo() {
      @Override
      public void seed() {
        DemoData.seed(store);
      }

      @Override
      public String pageRoot() {
        return PAGE_ROOT;
      }

      @Override
      public List<DemoUser> users() {
        return DemoData.USERS.entrySet().stream().map(u -> new DemoUser(u.getKey(), u.getValue(), List.of()))
            .toList();
      }
    };
  }
}
