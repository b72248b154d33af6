package dev.socketiolambda.local.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.examples.chat.ChatApp;
import dev.socketiolambda.examples.chat.ChatConfig;
import dev.socketiolambda.examples.chat.ChatTables;
import dev.socketiolambda.examples.chat.DemoData;
import dev.socketiolambda.local.auth.LocalTokens;
import dev.socketiolambda.local.web.DemoPage;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The chat example on the local stack ({@code --app chat}): its table in the stack's DynamoDB, the
 * demo users and channels, and the demo page's endpoints. Demo tokens come from {@link LocalTokens}:
 * without {@code AUTH_JWT_SECRET} a random secret is made at each start, so only tokens minted by this
 * page are valid; RS256 tokens are verified through a JWKS served on 127.0.0.1.
 */
public final class ChatLocal implements AutoCloseable {
  /** How long a demo token lives. */
  public static final long TOKEN_TTL_SECONDS = 12 * 3600;
  /** Classpath folder of the chat's page. */
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/chat/web";

  private final ChatConfig config;
  private final ChatApp app;
  private final LocalTokens tokens;

  private ChatLocal(ChatConfig config, ChatApp app, LocalTokens tokens) {
    this.config = config;
    this.app = app;
    this.tokens = tokens;
  }

  /**
   * Checks the chat's settings without starting anything.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static void check(Map<String, String> appEnv) {
    ChatConfig.from(LocalTokens.checkedEnv(appEnv));
  }

  /** Creates the chat's table unless it exists, seeds the demo data and builds the app. */
  public static ChatLocal start(DynamoDbClient dynamo, Map<String, String> appEnv) {
    check(appEnv);
    LocalTokens tokens = LocalTokens.start(appEnv);
    ChatConfig config = ChatConfig.from(tokens.appEnv());
    try {
      dynamo.createTable(ChatTables.definition(config.table()));
    } catch (ResourceInUseException exists) {
      // kept from an earlier run (external DynamoDB)
    }
    ChatApp app = new ChatApp(config, dynamo, System::currentTimeMillis);
    DemoData.seed(app.store());
    return new ChatLocal(config, app, tokens);
  }

  public ChatApp app() {
    return app;
  }

  public ChatConfig config() {
    return config;
  }

  /** An HS256 demo token for one of {@link DemoData#USERS}. */
  public String token(String userId) {
    return token(userId, "HS256");
  }

  /** A demo token for one of {@link DemoData#USERS}, signed with {@code HS256} or {@code RS256}. */
  public String token(String userId, String algorithm) {
    String name = DemoData.USERS.get(userId);
    if (name == null) {
      throw new IllegalArgumentException("unknown demo user '" + userId + "': pick one of "
          + String.join(", ", DemoData.USERS.keySet()));
    }
    return tokens.mint(algorithm, userId, List.of(), Map.of("name", name), Duration.ofSeconds(TOKEN_TTL_SECONDS));
  }

  /** Stops the local JWKS endpoint. */
  @Override
  public void close() {
    tokens.close();
  }

  /**
   * The page's JSON endpoints: {@code /config.json} (where to connect, who can log in) and
   * {@code /demo/token?user=} ({@code &alg=RS256} for a token checked through the local JWKS).
   */
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
              .put("name", DemoData.USERS.getOrDefault(user, user)).put("token", token(user, q.getOrDefault("alg", "HS256")))));
        });
  }
}
