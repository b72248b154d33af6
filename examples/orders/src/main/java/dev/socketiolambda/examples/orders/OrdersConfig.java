package dev.socketiolambda.examples.orders;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.SecretsManagerSecret;
import dev.socketiolambda.functions.limits.Limit;
import java.util.Map;

/**
 * The orders app's settings, read from environment variables on Lambda (the same names work as
 * {@code --app-env NAME=VALUE} on the local stack).
 *
 * <ul>
 *   <li>{@code ORDERS_TABLE}: the domain table (default {@value #DEFAULT_TABLE}, the name the stream rules declare)</li>
 *   <li>{@code ORDERS_METRICS_TABLE}: event counters of {@code GET /api/v1/metrics/socket} (default {@value #DEFAULT_METRICS_TABLE})</li>
 *   <li>{@code ORDERS_LIMITS_TABLE}: the rate-limit counters (default {@value #DEFAULT_LIMITS_TABLE})</li>
 *   <li>{@code ORDERS_EVENT_RATE}: client events per user (default {@code 100/15m}, the seed's limit)</li>
 *   <li>{@code ORDERS_LOCATION_RATE}: {@code delivery:location} per agent (default {@code 1/5s}; the agent app sends every 10 s)</li>
 *   <li>the shared auth settings ({@link AuthSettings}): {@code AUTH_JWT_SECRET}, {@code AUTH_AUDIENCE}, ...</li>
 * </ul>
 */
public record OrdersConfig(String table, String metricsTable, String limitsTable, Limit eventRate, Limit locationRate,
    AuthSettings auth) {
  public static final String DEFAULT_TABLE = "socketio-orders";
  public static final String DEFAULT_METRICS_TABLE = "socketio-orders-metrics";
  public static final String DEFAULT_LIMITS_TABLE = "socketio-orders-limits";
  /** The audience the deployment requires ({@code AUTH_AUDIENCE}) and its tokens name. */
  public static final String DEFAULT_AUDIENCE = "socketio-orders";

  /** @throws IllegalArgumentException naming the setting that is wrong */
  public static OrdersConfig from(Map<String, String> env) {
    return new OrdersConfig(setting(env, "ORDERS_TABLE", DEFAULT_TABLE),
        setting(env, "ORDERS_METRICS_TABLE", DEFAULT_METRICS_TABLE),
        setting(env, "ORDERS_LIMITS_TABLE", DEFAULT_LIMITS_TABLE),
        limit(env, "ORDERS_EVENT_RATE", "100/15m"), limit(env, "ORDERS_LOCATION_RATE", "1/5s"),
        SecretsManagerSecret.loadSettings(env));
  }

  private static String setting(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static Limit limit(Map<String, String> env, String name, String fallback) {
    try {
      return Limit.parse(setting(env, name, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
