package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.TableDefinitions;
import java.util.Map;

/**
 * The runtime's settings, read from environment variables (the CDK construct sets them):
 * <ul>
 *   <li>{@code SOCKETIO_APP}: the application class ({@link dev.socketiolambda.functions.server.SocketIoApp})</li>
 *   <li>{@code SOCKETIO_TABLE}: state table name (default {@value TableDefinitions#DEFAULT_TABLE_NAME})</li>
 *   <li>{@code SOCKETIO_MANAGEMENT_ENDPOINT}: management API endpoint; default derived from each event</li>
 *   <li>{@code SOCKETIO_OPEN_FUNCTION}: name of the function that sends open packets (async invoke)</li>
 *   <li>{@code SOCKETIO_PING_INTERVAL_MS}, {@code SOCKETIO_PING_TIMEOUT_MS}, {@code SOCKETIO_MAX_PAYLOAD},
 *       {@code SOCKETIO_CONNECT_TIMEOUT_MS}, {@code SOCKETIO_ACK_TIMEOUT_MS}, {@code SOCKETIO_ROUTE_RESPONSES}</li>
 *   <li>{@code SOCKETIO_DUE_BUCKET_MS}, {@code SOCKETIO_DUE_SHARDS}: heartbeat index layout</li>
 *   <li>{@code DYNAMODB_ENDPOINT}: DynamoDB endpoint override (local stacks)</li>
 *   <li>{@code SOCKETIO_FANOUT_QUEUE_URL}: SQS queue of the fan-out function; large broadcasts are split
 *       into shards sent there (unset: every broadcast is delivered by the function that makes it)</li>
 *   <li>{@code SOCKETIO_STREAM_RULES}, {@code SOCKETIO_STREAM_HOOK}: the stream function's rules file
 *       and hook class (see {@code StreamHandler})</li>
 * </ul>
 */
public record Settings(
    String appClass, String table, String managementEndpoint, String openFunction, String dynamoEndpoint,
    String region, EngineConfig engine, DueIndexSettings due, String fanOutQueueUrl) {

  public static Settings fromEnvironment() {
    return from(System.getenv());
  }

  public static Settings from(Map<String, String> env) {
    EngineConfig d = EngineConfig.DEFAULT;
    EngineConfig engine = new EngineConfig(
        num(env, "SOCKETIO_PING_INTERVAL_MS", d.pingInterval()),
        num(env, "SOCKETIO_PING_TIMEOUT_MS", d.pingTimeout()),
        num(env, "SOCKETIO_MAX_PAYLOAD", d.maxPayload()),
        num(env, "SOCKETIO_CONNECT_TIMEOUT_MS", d.connectTimeout()),
        num(env, "SOCKETIO_ACK_TIMEOUT_MS", d.defaultAckTimeout()),
        bool(env, "SOCKETIO_ROUTE_RESPONSES", d.routeResponses()),
        (int) num(env, "SOCKETIO_FANOUT_CONCURRENCY", d.fanoutConcurrency()),
        (int) num(env, "SOCKETIO_POST_ATTEMPTS", d.postAttempts()),
        num(env, "SOCKETIO_OPEN_RETRY_MS", d.openRetryMs()));
    DueIndexSettings dd = DueIndexSettings.DEFAULT;
    DueIndexSettings due = new DueIndexSettings(
        num(env, "SOCKETIO_DUE_BUCKET_MS", dd.bucketMs()),
        (int) num(env, "SOCKETIO_DUE_SHARDS", dd.shards()),
        (int) num(env, "SOCKETIO_DUE_LOOKBACK", dd.lookbackBuckets()),
        dd.rowLifetimeMs());
    return new Settings(env.get("SOCKETIO_APP"),
        env.getOrDefault("SOCKETIO_TABLE", TableDefinitions.DEFAULT_TABLE_NAME),
        blankToNull(env.get("SOCKETIO_MANAGEMENT_ENDPOINT")),
        blankToNull(env.get("SOCKETIO_OPEN_FUNCTION")),
        blankToNull(env.get("DYNAMODB_ENDPOINT")),
        env.getOrDefault("AWS_REGION", "us-east-1"),
        engine, due, blankToNull(env.get("SOCKETIO_FANOUT_QUEUE_URL")));
  }

  private static long num(Map<String, String> env, String name, long fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'", e);
    }
  }

  /** true/false, yes/no, 1/0, on/off in any case; anything else is refused rather than read as false. */
  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
    };
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
