package dev.socketiolambda.examples.chat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The chat's settings, read from environment variables on Lambda (the same names work as
 * {@code --app-env NAME=VALUE} on the local stack).
 *
 * <ul>
 *   <li>{@code CHAT_TABLE}: the chat's DynamoDB table (default {@code socketio-chat})</li>
 *   <li>{@code CHAT_JWT_SECRET}: HS256 key, at least 32 bytes (required)</li>
 *   <li>{@code CHAT_JWT_ISSUER}, {@code CHAT_JWT_AUDIENCE}: required {@code iss} / {@code aud}
 *       (default audience {@code socketio-chat}; empty to accept any)</li>
 *   <li>{@code CHAT_LIMITS_TABLE}, {@code CHAT_SEND_RATE}, {@code CHAT_TYPING_RATE}, {@code CHAT_RECEIPT_RATE},
 *       {@code CHAT_WRITE_RATE}: the per-user rate limits ({@link ChatRates})</li>
 *   <li>{@code CHAT_HISTORY_PAGE}: messages returned on join (default 50, at most 100)</li>
 * </ul>
 */
public record ChatConfig(String table, byte[] jwtSecret, String jwtIssuer, String jwtAudience, ChatRates rates,
    int historyPage) {

  public static final String DEFAULT_TABLE = "socketio-chat";
  public static final String DEFAULT_AUDIENCE = "socketio-chat";

  public ChatConfig {
    if (historyPage < 1 || historyPage > ChatLimits.MAX_PAGE) {
      throw new IllegalArgumentException("CHAT_HISTORY_PAGE must be 1.." + ChatLimits.MAX_PAGE);
    }
  }

  public static ChatConfig from(Map<String, String> env) {
    String secret = env.get("CHAT_JWT_SECRET");
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("CHAT_JWT_SECRET is not set: the chat verifies HS256 tokens with it");
    }
    return new ChatConfig(
        env.getOrDefault("CHAT_TABLE", DEFAULT_TABLE),
        secret.getBytes(StandardCharsets.UTF_8),
        blankToNull(env.get("CHAT_JWT_ISSUER")),
        blankToNull(env.getOrDefault("CHAT_JWT_AUDIENCE", DEFAULT_AUDIENCE)),
        ChatRates.from(env),
        Integer.parseInt(env.getOrDefault("CHAT_HISTORY_PAGE", "50").trim()));
  }

  public Jwt jwt() {
    return new Jwt(jwtSecret, jwtIssuer, jwtAudience);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
