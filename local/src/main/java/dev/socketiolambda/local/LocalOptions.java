package dev.socketiolambda.local;

import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import dev.socketiolambda.local.gateway.FaultSettings;
import dev.socketiolambda.local.streams.StreamPollerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the local stack.
 *
 * @param app application: a bundle name ({@code demo}, {@code conformance}, {@code chat}, ...) or an
 *     {@code AppBundle} / {@code SocketIoApp} class name
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
 * @param streamRules stream rules file whose {@code tables} section names the domain tables to
 *     create and poll, or null for none
 * @param streams how the domain tables' streams are polled (the event source mappings)
 * @param faults latency and failure injection on the {@code @connections} API and on DynamoDB
 * @param fanOut fan-out engine settings of broadcasts (concurrency, attempts, sharding)
 * @param webPort port of the app's demo web page on 127.0.0.1 (0 = any free port, -1 = none); only apps
 *     with a page (their bundle's {@code LocalDemo}) use it
 * @param appEnv settings for the app, by the environment variable names it reads on Lambda
 *     ({@code AUTH_JWT_SECRET=...})
 */
public record LocalOptions(
    String app, int port, int managementPort, long pingInterval, long pingTimeout, long connectTimeout,
    long maxPayload, long tickMs, Duration idleTimeout, Duration maxDuration, String dynamoEndpoint, String table,
    Path streamRules, StreamPollerSettings streams, FaultSettings faults, FanOutSettings fanOut, int webPort,
    Map<String, String> appEnv) {

  public LocalOptions {
    appEnv = Map.copyOf(Objects.requireNonNull(appEnv, "appEnv"));
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(fanOut, "fanOut");
  }

  /** The options without stream rules, with default stream polling, no faults and default fan-out. */
  public LocalOptions(
      String app, int port, int managementPort, long pingInterval, long pingTimeout, long connectTimeout,
      long maxPayload, long tickMs, Duration idleTimeout, Duration maxDuration, String dynamoEndpoint, String table) {
    this(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs, idleTimeout,
        maxDuration, dynamoEndpoint, table, null, StreamPollerSettings.DEFAULT, FaultSettings.NONE,
        FanOutSettings.DEFAULT, -1, Map.of());
  }

  /** Defaults for the {@code demo} app on port 3000: socket.io's ping timings, so browsers see familiar behaviour. */
  public static LocalOptions defaults() {
    return new LocalOptions("demo", 3000, 0, 25_000, 20_000, 45_000, 1_000_000, 1_000, Duration.ofMinutes(10),
        Duration.ofHours(2), null, "socketio");
  }

  /** The settings the official socket.io-protocol test suite expects (ARCHITECTURE.md). */
  public static LocalOptions conformance() {
    return defaults().withApp("conformance").withPing(300, 200).withConnectTimeout(1_000).withTickMs(50);
  }

  /**
   * Defaults for an app: the conformance app gets the test suite's timings; apps with a demo page
   * serve it on port 3001.
   */
  public static LocalOptions forApp(String app) {
    return switch (app.toLowerCase(Locale.ROOT)) {
      case "conformance" -> conformance();
      case "demo" -> defaults();
      default -> defaults().withApp(app).withWebPort(3001);
    };
  }

  public LocalOptions withApp(String v) {
    return new LocalOptions(v, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withPort(int v) {
    return new LocalOptions(app, v, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withManagementPort(int v) {
    return new LocalOptions(app, port, v, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withPing(long interval, long timeout) {
    return new LocalOptions(app, port, managementPort, interval, timeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withConnectTimeout(long v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, v, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withMaxPayload(long v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, v, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withTickMs(long v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, v,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withIdleTimeout(Duration v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        v, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withMaxDuration(Duration v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, v, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withDynamoEndpoint(String v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, v, table, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withTable(String v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, v, streamRules, streams, faults, fanOut, webPort, appEnv);
  }

  /** The stream rules file whose {@code tables} the stack creates and polls; null for none. */
  public LocalOptions withStreamRules(Path v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, v, streams, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withStreams(StreamPollerSettings v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, v, faults, fanOut, webPort, appEnv);
  }

  public LocalOptions withStreamBatchSize(int v) {
    return withStreams(streams.withBatchSize(v));
  }

  public LocalOptions withStreamPollMs(long v) {
    return withStreams(streams.withPollInterval(Duration.ofMillis(v)));
  }

  public LocalOptions withFaults(FaultSettings v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, v, fanOut, webPort, appEnv);
  }

  /** Sleep before each {@code PostToConnection} of the {@code @connections} API. */
  public LocalOptions withPostLatencyMs(long v) {
    return withFaults(faults.withPostLatencyMs(v));
  }

  /** A share {@code rate} of {@code PostToConnection} calls answered with one of {@code statuses}. */
  public LocalOptions withPostFailures(double rate, List<Integer> statuses) {
    return withFaults(faults.withPostFailureRate(rate).withPostFailureStatuses(statuses));
  }

  public LocalOptions withFaultSeed(long v) {
    return withFaults(faults.withSeed(v));
  }

  /** Failures injected on DynamoDB (see {@link dev.socketiolambda.local.dynamo.DynamoFaultProxy}). */
  /** Runs each connection's {@code $default} invocations in parallel and out of order (see {@link FaultSettings}). */
  public LocalOptions withParallelDefault(long maxDelayMs) {
    return withFaults(faults.withParallelDefault(maxDelayMs));
  }

  public LocalOptions withDynamoFaults(DynamoFaultSettings v) {
    return withFaults(faults.withDynamo(v));
  }

  public LocalOptions withFanOut(FanOutSettings v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, v, webPort, appEnv);
  }

  /** The port of the app's demo page (0 = any free port, -1 = no page). */
  public LocalOptions withWebPort(int v) {
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, v, appEnv);
  }

  /** One more app setting, by its Lambda environment variable name. */
  public LocalOptions withAppEnv(String name, String value) {
    Map<String, String> next = new java.util.HashMap<>(appEnv);
    next.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new LocalOptions(app, port, managementPort, pingInterval, pingTimeout, connectTimeout, maxPayload, tickMs,
        idleTimeout, maxDuration, dynamoEndpoint, table, streamRules, streams, faults, fanOut, webPort, next);
  }
}
