package dev.socketiolambda.functions.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

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
  private final InvocationLog invocationLog;

  public ScheduleHandler() {
    this(fromRuntime(Runtime.shared()), Runtime.shared().invocationLog());
  }

  public ScheduleHandler(ScheduleRunner runner) {
    this(runner, InvocationLog.off());
  }

  /** Writes one invocation line per invocation: the schedule ({@code *} for the minute) as its event. */
  public ScheduleHandler(ScheduleRunner runner, InvocationLog invocationLog) {
    this.runner = runner;
    this.invocationLog = invocationLog;
  }

  /** The schedules of the runtime's application, emitting through its emitter, leases in its state table. */
  public static ScheduleRunner fromRuntime(Runtime runtime) {
    return new ScheduleRunner(Schedules.of(runtime.app()), new TickRunner(runtime.emitter()),
        new DynamoDbLease(runtime.appContext().dynamo(), runtime.settings().table()), System::currentTimeMillis,
        Thread::sleep, SAFETY_MARGIN_MS);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Entry line = invocationLog.start("schedule");
    try {
      run(input, output, context);
      line.ok();
    } catch (IOException | RuntimeException e) {
      line.failed(e);
      throw e;
    }
  }

  private void run(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    String schedule = event.path("schedule").asText("");
    if (schedule.isEmpty()) {
      throw new IllegalArgumentException("a schedule invocation needs {\"schedule\": \"*\" or a name, \"time\": "
          + "\"<aws.scheduler.scheduled-time>\"}, got " + Json.write(event));
    }
    InvocationLog.describe(null, schedule);
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
