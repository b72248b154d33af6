package dev.socketiolambda.examples.chat;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.SecretsManagerSecret;
import java.util.Map;

/**
 * The chat's settings, read from environment variables on Lambda (the same names work as
 * {@code --app-env NAME=VALUE} on the local stack).
 *
 * <ul>
 *   <li>{@code CHAT_TABLE}: the chat's DynamoDB table (default {@code socketio-chat})</li>
 *   <li>the shared auth settings of every app ({@link AuthSettings}): {@code AUTH_JWT_SECRET} (or
 *       {@code AUTH_JWT_SECRET_ARN}), {@code AUTH_JWKS_URL}, {@code AUTH_ISSUER}, {@code AUTH_AUDIENCE},
 *       {@code AUTH_MAX_TOKEN_LIFETIME}; one key source is required</li>
 *   <li>{@code CHAT_LIMITS_TABLE}, {@code CHAT_SEND_RATE}, {@code CHAT_TYPING_RATE}, {@code CHAT_RECEIPT_RATE},
 *       {@code CHAT_WRITE_RATE}: the per-user rate limits ({@link ChatRates})</li>
 *   <li>{@code CHAT_HISTORY_PAGE}: messages returned on join (default 50, at most 100)</li>
 * </ul>
 */
public record ChatConfig(String table, AuthSettings auth, ChatRates rates, int historyPage) {

  public static final String DEFAULT_TABLE = "socketio-chat";
  /** The audience the chat's deployment requires ({@code AUTH_AUDIENCE}) and its tokens name. */
  public static final String DEFAULT_AUDIENCE = "socketio-chat";

  public ChatConfig {
    if (historyPage < 1 || historyPage > ChatLimits.MAX_PAGE) {
      throw new IllegalArgumentException("CHAT_HISTORY_PAGE must be 1.." + ChatLimits.MAX_PAGE);
    }
  }

  /** @throws IllegalArgumentException naming the setting that is wrong */
  public static ChatConfig from(Map<String, String> env) {
    return new ChatConfig(
        env.getOrDefault("CHAT_TABLE", DEFAULT_TABLE),
        SecretsManagerSecret.loadSettings(env),
        ChatRates.from(env),
        Integer.parseInt(env.getOrDefault("CHAT_HISTORY_PAGE", "50").trim()));
  }
}
