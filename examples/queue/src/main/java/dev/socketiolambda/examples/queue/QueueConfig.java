package dev.socketiolambda.examples.queue;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.SecretsManagerSecret;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The service queue's settings, read from environment variables on Lambda (the same names work as
 * {@code --app-env NAME=VALUE} on the local stack).
 *
 * <ul>
 *   <li>{@code QUEUE_CLIENTS_TABLE}: the table of the sequential client number (default
 *       {@value #DEFAULT_CLIENTS_TABLE}); the domain tables are named by the stream rules
 *       ({@value QueueTables#TICKETS}, {@value QueueTables#FLOOR})</li>
 *   <li>{@code QUEUE_CORS_ORIGINS}: comma-separated origins allowed to call the HTTP routes, or
 *       {@code *} (default: any origin; tokens travel as {@code Authorization: Bearer}, never cookies)</li>
 *   <li>the shared auth settings of every app ({@link AuthSettings}): {@code AUTH_JWT_SECRET} (or
 *       {@code AUTH_JWT_SECRET_ARN}), {@code AUTH_JWKS_URL}, {@code AUTH_ISSUER}, {@code AUTH_AUDIENCE},
 *       {@code AUTH_MAX_TOKEN_LIFETIME}</li>
 * </ul>
 */
public record QueueConfig(String clientsTable, List<String> corsOrigins, AuthSettings auth) {
  public static final String DEFAULT_CLIENTS_TABLE = "socketio-queue-clients";
  /** The audience the queue's deployment requires ({@code AUTH_AUDIENCE}) and its tokens name. */
  public static final String DEFAULT_AUDIENCE = "socketio-queue";

  public QueueConfig {
    corsOrigins = List.copyOf(corsOrigins);
    if (corsOrigins.isEmpty()) {
      throw new IllegalArgumentException("QUEUE_CORS_ORIGINS must name at least one origin, or *");
    }
    for (String o : corsOrigins) {
      if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?")) {
        throw new IllegalArgumentException("QUEUE_CORS_ORIGINS: '" + o + "' is not an origin such as "
            + "https://queue.example.com or http://localhost:5173");
      }
    }
  }

  /** @throws IllegalArgumentException naming the setting that is wrong */
  public static QueueConfig from(Map<String, String> env) {
    return new QueueConfig(
        env.getOrDefault("QUEUE_CLIENTS_TABLE", DEFAULT_CLIENTS_TABLE),
        Arrays.stream(env.getOrDefault("QUEUE_CORS_ORIGINS", "*").split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList(),
        SecretsManagerSecret.loadSettings(env));
  }

  /** Whether any origin may call the routes. */
  public boolean anyOrigin() {
    return corsOrigins.contains("*");
  }
}
