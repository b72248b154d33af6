package dev.socketiolambda.local;

import java.time.Duration;
import java.util.Locale;

/**
 * How to run the local stack.
 *
 * @param app application: {@code demo}, {@code conformance} or a {@code SocketIoApp} class name
 * @param port WebSocket port on 127.0.0.1 (0 = any free port)
 * @param managementPort port of the {@code @connections} API (0 = any free port)
 * @param pingInterval ms between pings
 * @param pingTimeout ms to answer a ping
 * @param connectTimeout ms to send a namespace CONNECT after the open packet
 * @param maxPayload largest client frame, bytes
 * @param tickMs heartbeat schedule period, ms
 * @param idleTimeout API Gateway idle timeout
 * @param maxDuration API Gateway maximum connection duration
 * @param dynamoEndpoint external DynamoDB endpoint, or null for the embedded DynamoDB Local
 * @param table state table name
 */
public record LocalOptions(
    String app, int port, int managementPort, long pingInterval, long pingTimeout, long connectTimeout,
    long maxPayload, long tickMs, Duration idleTimeout, Duration maxDuration, String dynamoEndpoint, String table) {

  /** Defaults for the {@code demo} app on port 3000: socket.io's ping timings, so browsers see familiar behaviour. */
  public static LocalOptions defaults() {
    return new LocalOptions("demo", 3000, 0, 25_000, 20_000, 45_000, 1_000_000, 1_000, Duration.ofMinutes(10),
        Duration.ofHours(2), null, "socketio");
  }

  /** The settings the official socket.io-protocol test suite expects (ARCHITECTURE.md). */
  public static LocalOptions conformance() {
    return defaults().withApp("conformance").withPing(300, 200).withConnectTimeout(1_000).withTickMs(50);
  }

  /** Defaults for an app: the conformance app gets the test suite's timings. */
  public static LocalOptions forApp(String app) {
    return "conformance".equals(app.toLowerCase(Locale.ROOT)) ? conformance() : defaults().withApp(app);
  }

  public LocalOptions withApp(String v) {
    return new LocalOptions(v, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withPort(int v) {
    return new LocalOptions(app, v, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withManagementPort(int v) {
    return new LocalOptions(app, port, v, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withPing(long interval, long timeout) {
    return new LocalOptions(app, port, managementPort, interval, timeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withConnectTimeout(long v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, v, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withMaxPayload(long v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, v, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withTickMs(long v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, v,
        idleTimeout, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withIdleTimeout(Duration v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        v, maxDuration, dynamoEndpoint, table);
  }

  public LocalOptions withMaxDuration(Duration v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, v, dynamoEndpoint, table);
  }

  public LocalOptions withDynamoEndpoint(String v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, v, table);
  }
}
