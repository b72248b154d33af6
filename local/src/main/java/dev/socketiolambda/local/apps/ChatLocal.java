package dev.socketiolambda.local.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.examples.chat.ChatApp;
import dev.socketiolambda.examples.chat.ChatConfig;
import dev.socketiolambda.examples.chat.ChatTables;
import dev.socketiolambda.examples.chat.DemoData;
import dev.socketiolambda.examples.chat.Jwt;
import dev.socketiolambda.functions.limits.RateLimitTable;
import dev.socketiolambda.local.web.DemoPage;
import dev.socketiolambda.protocol.json.Json;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The chat example on the local stack ({@code --app chat}): its tables (data, rate limits) in the
 * stack's DynamoDB, the demo users and channels, and the demo page's endpoints. Without {@code CHAT_JWT_SECRET} a random
 * secret is made at each start, so only tokens minted by this page are valid.
 */
public final class ChatLocal {
  /** How long a demo token lives. */
  public static final long TOKEN_TTL_SECONDS = 12 * 3600;
  /** Classpath folder of the chat's page. */
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/chat/web";

  private final ChatConfig config;
  private final ChatApp app;
  private final Jwt jwt;

  private ChatLocal(ChatConfig config, ChatApp app) {
    this.config = config;
    this.app = app;
    this.jwt = config.jwt();
  }

  /**
   * Checks the chat's settings without starting anything.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static void check(Map<String, String> appEnv) {
    config(appEnv);
  }

  private static ChatConfig config(Map<String, String> appEnv) {
    Map<String, String> env = new HashMap<>(appEnv);
    env.computeIfAbsent("CHAT_JWT_SECRET", k -> {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    });
    ChatConfig config = ChatConfig.from(env);
    config.jwt(); // the key length
    return config;
  }

  /** Creates the chat's tables unless they exist, seeds the demo data and builds the app. */
  public static ChatLocal start(DynamoDbClient dynamo, Map<String, String> appEnv) {
    ChatConfig config = config(appEnv);
    try {
      dynamo.createTable(ChatTables.definition(config.table()));
    } catch (ResourceInUseException exists) {
      // kept from an earlier run (external DynamoDB)
    }
    RateLimitTable.createIfAbsent(dynamo, config.rates().table());
    ChatApp app = new ChatApp(config, dynamo, System::currentTimeMillis);
    DemoData.seed(app.store());
    return new ChatLocal(config, app);
  }

  public ChatApp app() {
    return app;
  }

  public ChatConfig config() {
    return config;
  }

  /** A demo token for one of {@link DemoData#USERS}. */
  public String token(String userId) {
    String name = DemoData.USERS.get(userId);
    if (name == null) {
      throw new IllegalArgumentException("unknown demo user '" + userId + "': pick one of "
          + String.join(", ", DemoData.USERS.keySet()));
    }
    return jwt.issue(userId, name, System.currentTimeMillis() / 1000, TOKEN_TTL_SECONDS);
  }

  /** The page's JSON endpoints: {@code /config.json} (where to connect, who can log in) and {@code /demo/token?user=}. */
  public Map<String, Function<Map<String, String>, DemoPage.JsonResponse>> endpoints(String websocketUrl) {
    return Map.of(
        "/config.json", q -> {
          ObjectNode users = Json.object();
          DemoData.USERS.forEach(users::put);
          return new DemoPage.JsonResponse(200, Json.write(Json.object().put("websocketUrl", websocketUrl)
              .set("users", users)));
        },
        "/demo/token", q -> {
          String user = q.getOrDefault("user", "");
          return new DemoPage.JsonResponse(200, Json.write(Json.object().put("userId", user)
              .put("name", DemoData.USERS.getOrDefault(user, user)).put("token", token(user))));
        });
  }
}
