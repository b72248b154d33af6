package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.bundle.LocalDemo;
import dev.socketiolambda.functions.limits.RateLimitTable;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The team chat as a bundle ({@code SOCKETIO_APP=chat}, {@code --app chat},
 * {@code -c socketio:example=chat}): {@link ChatApp} over its one table ({@link ChatTables}), the
 * HS256 key of user tokens as a generated secret, and locally the demo users and channels
 * ({@link DemoData}) with the demo page and its token endpoint.
 */
public final class ChatBundle implements AppBundle {
  /** The chat's table. */
  public static final BundleTable TABLE = new BundleTable("ChatTable", "CHAT_TABLE", ChatConfig.DEFAULT_TABLE,
      ChatTables::definition, null);
  /** The per-user rate-limit counters; client events (and so the checks) run only in {@code Default}. */
  public static final BundleTable LIMITS_TABLE = RateLimitTable.bundleTable("ChatLimitsTable", "CHAT_LIMITS_TABLE",
      ChatRates.DEFAULT_TABLE, List.of("Default"));
  /** The HS256 key of user tokens. */
  public static final BundleSecret JWT_SECRET = new BundleSecret("JwtSecret", "CHAT_JWT_SECRET",
      "HS256 key of the chat's user tokens; token issuers sign with it", 64);
  /** How long a demo token lives. */
  public static final long DEMO_TOKEN_TTL_SECONDS = 12 * 3600;
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
    ChatConfig.from(env).jwt(); // the key's length too
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new ChatApp(ChatConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(TABLE, LIMITS_TABLE);
  }

  @Override
  public List<BundleSecret> secrets() {
    return List.of(JWT_SECRET);
  }

  @Override
  public LocalDemo localDemo(AppContext context) {
    ChatConfig config = ChatConfig.from(context.env());
    ChatStore store = new ChatStore(context.dynamo(), config.table(), context.clock());
    Jwt jwt = config.jwt();
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
      public String banner() {
        return "users: " + String.join(", ", DemoData.USERS.keySet());
      }

      @Override
      public Map<String, Function<Map<String, String>, JsonAnswer>> endpoints(String websocketUrl) {
        return Map.of(
            "/config.json", q -> {
              ObjectNode users = Json.object();
              DemoData.USERS.forEach(users::put);
              return new JsonAnswer(200, Json.write(Json.object().put("websocketUrl", websocketUrl)
                  .set("users", users)));
            },
            "/demo/token", q -> {
              String user = q.getOrDefault("user", "");
              String name = DemoData.USERS.get(user);
              if (name == null) {
                return new JsonAnswer(400, Json.write(Json.object().put("error", "unknown demo user '" + user
                    + "': pick one of " + String.join(", ", DemoData.USERS.keySet()))));
              }
              long now = context.clock().getAsLong() / 1000;
              return new JsonAnswer(200, Json.write(Json.object().put("userId", user).put("name", name)
                  .put("token", jwt.issue(user, name, now, DEMO_TOKEN_TTL_SECONDS))));
            });
      }
    };
  }
}
