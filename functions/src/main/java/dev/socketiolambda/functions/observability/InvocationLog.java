package dev.socketiolambda.functions.observability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One JSON line per invocation: what ran (function, connection, namespace, event, outcome, error
 * class, latency) and what it did (the {@link Meter} counters that changed while it ran), written in
 * CloudWatch Embedded Metric Format so the same line is a structured log and a set of metrics. No
 * payloads, tokens, headers or error messages are written (messages can quote input).
 *
 * <p>Metrics go to the {@value #NAMESPACE} namespace with the dimension {@code Service} (one
 * deployment), {@code Latency} also per {@code Function}. Settings: {@code SOCKETIO_INVOCATION_LOG}
 * ({@code on}/{@code off}; on by default inside Lambda, off elsewhere) and {@code SOCKETIO_SERVICE}
 * (the dimension's value; the CDK construct sets it).
 */
public final class InvocationLog {
  public static final String NAMESPACE = "SocketIoLambda";
  /**
   * How late the heartbeat tick ran, in milliseconds: its start minus the time EventBridge scheduled
   * it (the event's {@code time}, whole seconds). Only in the heartbeat's lines.
   */
  public static final String HEARTBEAT_LAG = "HeartbeatLag";
  /** Records of a batch (fan-out shards, stream records) answered as failed, to be delivered again. */
  public static final String BATCH_ITEM_FAILURES = "BatchItemFailures";
  private static final ThreadLocal<Entry> CURRENT = new ThreadLocal<>();

  private final boolean enabled;
  private final String service;
  private final Meter meter;
  private final Consumer<String> sink;
  private final LongSupplier clock;

  public InvocationLog(boolean enabled, String service, Meter meter, Consumer<String> sink, LongSupplier clock) {
    this.enabled = enabled;
    this.service = service;
    this.meter = meter;
    this.sink = sink;
    this.clock = clock;
  }

  public static InvocationLog fromEnvironment() {
    return from(System.getenv(), System.out::println);
  }

  public static InvocationLog from(Map<String, String> env, Consumer<String> sink) {
    String mode = env.getOrDefault("SOCKETIO_INVOCATION_LOG", "").trim().toLowerCase(Locale.ROOT);
    boolean enabled = switch (mode) {
      case "" -> env.containsKey("AWS_LAMBDA_FUNCTION_NAME");
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalArgumentException("SOCKETIO_INVOCATION_LOG must be on or off, was '" + mode + "'");
    };
    String service = env.getOrDefault("SOCKETIO_SERVICE", "socketio-lambda");
    return new InvocationLog(enabled, service, Meter.runtime(), sink, System::currentTimeMillis);
  }

  /** Writes nothing (tests, the local stack unless asked). */
  public static InvocationLog off() {
    return new InvocationLog(false, "socketio-lambda", Meter.runtime(), line -> {}, System::currentTimeMillis);
  }

  /** Starts the line of one invocation on this thread; {@link Entry#finish} writes it. */
  public Entry start(String function) {
    Entry e = new Entry(function, clock.getAsLong(), enabled ? meter.snapshot() : null);
    CURRENT.set(e);
    return e;
  }

  /**
   * Writes a gauge line of its own (not an invocation's): {@code metric} with {@code value} under the
   * dimensions {@code Service} and {@code dimension}={@code dimensionValue}, e.g. the sockets of one
   * namespace ({@link SocketsGauge}). One line per value: an EMF line holds one value per dimension.
   */
  public void gauge(String metric, String dimension, String dimensionValue, long value) {
    if (!enabled) {
      return;
    }
    ObjectNode o = Json.object();
    ObjectNode aws = o.putObject("_aws");
    aws.put("Timestamp", clock.getAsLong());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Service").add(dimension);
    directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
    o.put("Service", service).put(dimension, dimensionValue).put("level", "INFO").put("message", "gauge")
        .put(metric, value);
    sink.accept(Json.write(o));
  }

  /** Names the namespace and event (or packet type) the invocation on this thread serves. */
  public static void describe(String namespace, String event) {
    Entry e = CURRENT.get();
    if (e != null) {
      e.namespace = namespace;
      e.event = event;
    }
  }

  /** One invocation's line. */
  public final class Entry {
    private final String function;
    private final long startedAt;
    private final long[] before;
    private String connectionId;
    private String namespace;
    private String event;
    private final Map<String, Long> measured = new java.util.LinkedHashMap<>();
    private final Map<String, String> units = new java.util.HashMap<>();

    private Entry(String function, long startedAt, long[] before) {
      this.function = function;
      this.startedAt = startedAt;
      this.before = before;
    }

    /** The connection the invocation serves. */
    public Entry connection(String id) {
      this.connectionId = id;
      return this;
    }

    /** A value measured by the invocation itself (a gauge, not a counter), e.g. {@link #HEARTBEAT_LAG}. */
    public Entry measured(String metricName, String unit, long value) {
      measured.put(metricName, value);
      units.put(metricName, unit);
      return this;
    }

    /** Writes the line with outcome {@code ok}. */
    public void ok() {
      finish("ok", null);
    }

    /** Writes the line with outcome {@code error} and the error's class (never its message). */
    public void failed(Throwable error) {
      finish("error", error);
    }

    private void finish(String outcome, Throwable error) {
      CURRENT.remove();
      if (enabled) {
        sink.accept(line(outcome, error));
      }
    }

    String line(String outcome, Throwable error) {
      long now = clock.getAsLong();
      ObjectNode o = Json.object();
      ObjectNode aws = o.putObject("_aws");
      aws.put("Timestamp", now);
      ArrayNode directives = aws.putArray("CloudWatchMetrics");
      ObjectNode counters = directives.addObject().put("Namespace", NAMESPACE);
      counters.putArray("Dimensions").addArray().add("Service");
      ArrayNode counted = counters.putArray("Metrics");
      ObjectNode latency = directives.addObject().put("Namespace", NAMESPACE);
      latency.putArray("Dimensions").addArray().add("Service").add("Function");
      latency.putArray("Metrics").addObject().put("Name", "Latency").put("Unit", "Milliseconds");
      o.put("Service", service).put("Function", function).put("level", error == null ? "INFO" : "ERROR")
          .put("message", "invocation").put("outcome", outcome);
      putIfPresent(o, "connectionId", connectionId);
      putIfPresent(o, "namespace", namespace);
      putIfPresent(o, "event", event);
      if (error != null) {
        o.put("error", error.getClass().getName());
      }
      o.put("Latency", Math.max(0, now - startedAt));
      measured.forEach((name, value) -> {
        counted.addObject().put("Name", name).put("Unit", units.get(name));
        o.put(name, value);
      });
      long[] after = meter.snapshot();
      for (Metric m : Metric.values()) {
        long delta = after[m.ordinal()] - before[m.ordinal()];
        if (delta != 0) {
          counted.addObject().put("Name", m.metricName()).put("Unit", m.unit());
          o.put(m.metricName(), delta);
        }
      }
      return Json.write(o);
    }

    private void putIfPresent(ObjectNode o, String name, String value) {
      if (value != null && !value.isEmpty()) {
        o.put(name, value);
      }
    }
  }
}
