package dev.socketiolambda.infra;

import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.observability.SocketsGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * The runtime's own metrics, from the invocation lines every socket function writes in CloudWatch
 * Embedded Metric Format ({@link InvocationLog}): namespace {@value InvocationLog#NAMESPACE},
 * dimension {@code Service} (the WebSocket API id, set as {@code SOCKETIO_SERVICE}), {@code Latency}
 * also per {@code Function}. Dashboard widgets and the alarms that need them.
 */
final class RuntimeMetrics {
  /** The function names the invocation lines carry. */
  static final List<String> FUNCTIONS = List.of("connect", "default", "disconnect", "open", "heartbeat", "fanout",
      "stream", "http", "schedule");
  /**
   * The heartbeat lag (its tick's start minus its scheduled time) that alarms: a tick a minute late
   * pings late enough for clients to time out (ping interval 25 s + timeout 20 s by default).
   */
  static final double HEARTBEAT_LAG_ALARM_MS = 60_000;

  private final String service;

  RuntimeMetrics(String service) {
    this.service = service;
  }

  Metric sum(String name) {
    return Metric.Builder.create().namespace(InvocationLog.NAMESPACE).metricName(name)
        .dimensionsMap(Map.of("Service", service)).statistic("Sum").period(Duration.minutes(5)).build();
  }

  Metric maximum(String name) {
    return Metric.Builder.create().namespace(InvocationLog.NAMESPACE).metricName(name)
        .dimensionsMap(Map.of("Service", service)).statistic("Maximum").period(Duration.minutes(5)).build();
  }

  /** Every namespace's {@link SocketsGauge#METRIC} line, found by a search (the namespaces are the app's). */
  IMetric socketsPerNamespace() {
    return MathExpression.Builder.create()
        .expression("SEARCH('{" + InvocationLog.NAMESPACE + ",Service," + SocketsGauge.DIMENSION + "} MetricName=\""
            + SocketsGauge.METRIC + "\" Service=\"" + service + "\"', 'Maximum', 300)")
        .usingMetrics(Map.of()).label("").period(Duration.minutes(5)).build();
  }

  List<IWidget> widgets() {
    List<IMetric> latency = new ArrayList<>();
    for (String f : FUNCTIONS) {
      latency.add(Metric.Builder.create().namespace(InvocationLog.NAMESPACE).metricName("Latency")
          .dimensionsMap(Map.of("Service", service, "Function", f)).statistic("p99").period(Duration.minutes(5))
          .label(f).build());
    }
    return List.of(
        graph("Socket.IO frames and events", sum("FramesIn"), sum("EventsIn"), sum("FramesOut")),
        graph("Connections", sum("Connections"), sum("Disconnections"), sum("Gone"), sum("HeartbeatTimeouts")),
        graph("Broadcasts", sum("Broadcasts"), sum("BroadcastRecipients")),
        graph("Delivery problems", sum("DeliveryRetries"), sum("DeliveryFailures"), sum("EngineErrors"),
            sum(InvocationLog.BATCH_ITEM_FAILURES), sum("HttpServerErrors")),
        graph("Heartbeat lag, maximum (ms)", maximum(InvocationLog.HEARTBEAT_LAG)),
        graph("Sockets per namespace (heartbeat count)", socketsPerNamespace()),
        graph("DynamoDB requests (runtime)", sum("DynamoDbRequests"), sum("DynamoDbThrottles"),
            sum("DynamoDbErrors")),
        GraphWidget.Builder.create().title("Invocation latency p99 (ms)").left(latency).width(8).build());
  }

  /**
   * Throttled DynamoDB requests, failed deliveries and engine errors, {@code threshold}+ in 2 of 3
   * periods of 5 minutes; a heartbeat {@link #HEARTBEAT_LAG_ALARM_MS} late, in 2 of 3 periods.
   */
  List<Alarm> alarms(Construct scope, double threshold) {
    return List.of(
        alarm(scope, "DynamoDbThrottles", threshold, "socketio-lambda: DynamoDB throttled the runtime's requests"),
        alarm(scope, "DeliveryFailures", threshold, "socketio-lambda: frames not delivered after retries"),
        alarm(scope, "EngineErrors", threshold, "socketio-lambda: errors in listeners, the store or delivery"),
        maximum(InvocationLog.HEARTBEAT_LAG).createAlarm(scope, "RuntimeHeartbeatLagAlarm", CreateAlarmOptions.builder()
            .threshold(HEARTBEAT_LAG_ALARM_MS).evaluationPeriods(3).datapointsToAlarm(2)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription("socketio-lambda: the heartbeat ran " + (long) HEARTBEAT_LAG_ALARM_MS / 1000
                + " s or more late (pings late, clients may time out) in 2 of 3 periods of 5 minutes").build()));
  }

  private Alarm alarm(Construct scope, String metric, double threshold, String description) {
    return sum(metric).createAlarm(scope, "Runtime" + metric + "Alarm", CreateAlarmOptions.builder()
        .threshold(threshold).evaluationPeriods(3).datapointsToAlarm(2)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .alarmDescription(description + ": " + threshold + "+ per 5 minutes in 2 of 3 periods").build());
  }

  private static GraphWidget graph(String title, IMetric... metrics) {
    return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
  }
}
