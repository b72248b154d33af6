package dev.socketiolambda.functions.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.handler.Emitters;
import dev.socketiolambda.functions.handler.LambdaCredentials;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The schedule function, invoked by EventBridge Scheduler with {@code {"schedule": "*", "time":
 * "<aws.scheduler.scheduled-time>"}} every minute (the ticks of the schedules under a minute) or
 * {@code {"schedule": "<name>", "time": ...}} per schedule of a minute or more. The schedules come
 * from {@code SOCKETIO_APP} when it is a {@link ScheduledApp}; leases live in the state table.
 * Answers the run's {@link ScheduleRunner.Report} as JSON.
 */
public final class ScheduleHandler implements RequestStreamHandler {
  /** The {@code schedule} value of the per-minute invocation. */
  public static final String EVERY_MINUTE = "*";
  /** Time kept free at the end of an invocation; the function's timeout should be 60 s plus this and more. */
  public static final long SAFETY_MARGIN_MS = 10_000;
  /** Budget assumed without a Lambda context (a local invoke). */
  static final long DEFAULT_BUDGET_MS = 70_000;

  private final ScheduleRunner runner;

  public ScheduleHandler() {
    this(fromSettings(Settings.fromEnvironment()));
  }

  public ScheduleHandler(ScheduleRunner runner) {
    this.runner = runner;
  }

  private static ScheduleRunner fromSettings(Settings s) {
    DynamoDbClientBuilder dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
        .region(Region.of(s.region())).credentialsProvider(LambdaCredentials.provider());
    if (s.dynamoEndpoint() != null) {
      dynamo.endpointOverride(URI.create(s.dynamoEndpoint()));
    }
    return new ScheduleRunner(Schedules.of(Runtime.loadApp(s.appClass())), new TickRunner(Emitters.shared()),
        new DynamoDbLease(dynamo.build(), s.table()), System::currentTimeMillis, Thread::sleep, SAFETY_MARGIN_MS);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    String schedule = event.path("schedule").asText("");
    if (schedule.isEmpty()) {
      throw new IllegalArgumentException("a schedule invocation needs {\"schedule\": \"*\" or a name, \"time\": "
          + "\"<aws.scheduler.scheduled-time>\"}, got " + Json.write(event));
    }
    long time = scheduledTime(event.path("time").asText(""));
    String owner = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
    long start = System.currentTimeMillis();
    java.util.function.LongSupplier remaining = context == null
        ? () -> DEFAULT_BUDGET_MS - (System.currentTimeMillis() - start) : () -> context.getRemainingTimeInMillis();
    ScheduleRunner.Report report;
    try {
      report = EVERY_MINUTE.equals(schedule) ? runner.runMinute(time, remaining, owner)
          : runner.runOne(schedule, time, remaining, owner);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("schedule invocation interrupted", e);
    }
    output.write(report.toJson().getBytes(StandardCharsets.UTF_8));
  }

  private static long scheduledTime(String iso) {
    if (iso.isEmpty()) {
      return System.currentTimeMillis();
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("schedule invocation: \"time\" must be an ISO-8601 instant such as "
          + "2026-01-01T12:00:00Z, was " + iso);
    }
  }
}
