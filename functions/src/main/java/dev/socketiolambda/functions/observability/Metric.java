package dev.socketiolambda.functions.observability;

/** What the runtime counts: the CloudWatch metric names of the invocation lines (see {@link InvocationLog}). */
public enum Metric {
  /** Connections stored by {@code $connect}. */
  CONNECTIONS("Connections"),
  /** Connections removed ({@code $disconnect}, 410, heartbeat timeouts). */
  DISCONNECTIONS("Disconnections"),
  /** Engine.IO frames received from clients. */
  FRAMES_IN("FramesIn"),
  /** Socket.IO events received from clients. */
  EVENTS_IN("EventsIn"),
  /** Frames accepted by the management API (or the route response). */
  FRAMES_OUT("FramesOut"),
  /** Broadcasts delivered (one per emit to rooms or a namespace). */
  BROADCASTS("Broadcasts"),
  /** Connections the broadcasts reached. */
  BROADCAST_RECIPIENTS("BroadcastRecipients"),
  /** Time spent delivering broadcasts, in milliseconds. */
  BROADCAST_MS("BroadcastTime", "Milliseconds"),
  /** Posts answered 410: the connection was gone. */
  GONE("Gone"),
  /** Posts tried again after a retryable failure. */
  DELIVERY_RETRIES("DeliveryRetries"),
  /** Deliveries that failed after their retries (or were too large). */
  DELIVERY_FAILURES("DeliveryFailures"),
  /** HTTP requests to DynamoDB, retries included. */
  DYNAMODB_REQUESTS("DynamoDbRequests"),
  /** DynamoDB requests refused for throughput (throttling). */
  DYNAMODB_THROTTLES("DynamoDbThrottles"),
  /** DynamoDB requests answered with a server error. */
  DYNAMODB_ERRORS("DynamoDbErrors"),
  /** Pings sent by the heartbeat. */
  HEARTBEAT_PINGS("HeartbeatPings"),
  /** Connections the heartbeat closed for a ping or connect timeout. */
  HEARTBEAT_TIMEOUTS("HeartbeatTimeouts"),
  /** Errors reported by the engine (listeners, store, delivery). */
  ERRORS("EngineErrors");

  private final String metricName;
  private final String unit;

  Metric(String metricName) {
    this(metricName, "Count");
  }

  Metric(String metricName, String unit) {
    this.metricName = metricName;
    this.unit = unit;
  }

  /** The CloudWatch metric name. */
  public String metricName() {
    return metricName;
  }

  /** The CloudWatch unit. */
  public String unit() {
    return unit;
  }
}
