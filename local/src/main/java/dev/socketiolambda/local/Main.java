package dev.socketiolambda.local;

import dev.socketiolambda.local.dynamo.DynamoFaultKind;
import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local/target/socketio-local.jar [--app NAME] [--port 3000] [--ping-interval MS]
 * [--ping-timeout MS] [--connect-timeout MS] [--max-payload BYTES] [--tick-ms MS]
 * [--idle-timeout-ms MS] [--max-duration-ms MS] [--management-port PORT] [--dynamodb-endpoint URL]
 * [--table NAME] [--stream-rules FILE] [--stream-batch-size N] [--stream-poll-ms MS]
 * [--stream-max-retries N] [--stream-bisect true|false] [--post-latency-ms MS]
 * [--post-failure-rate 0..1] [--post-failure-kinds 500,429|410|...] [--fault-seed N] [--parallel-default-ms MS]
 * [--dynamo-failure-rate 0..1] [--dynamo-failure-kinds throttle,500,unprocessed,timeout]
 * [--dynamo-fault-operations PutItem,...] [--dynamo-fault-seed N] [--dynamo-timeout-ms MS]
 * [--fanout-concurrency N] [--fanout-shard-threshold N] [--fanout-shard-size N]
 * [--web-port PORT] [--route-responses on|off] [--app-env NAME=VALUE]...}
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    LocalOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    LocalStack stack;
    try {
      stack = LocalStack.start(options);
    } catch (RuntimeException e) { // a bad rules file, an unknown app, bad app settings, a port in use
      System.err.println("error: " + oneLine(e));
      System.exit(2);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stop.countDown();
    }));
    System.out.println("app " + options.app() + ", ping " + options.pingInterval() + "/" + options.pingTimeout()
        + " ms, @connections at " + stack.managementEndpoint());
    if (!stack.domainTables().isEmpty()) {
      System.out.println("polling the streams of " + String.join(", ", stack.domainTables()) + " (batch "
          + options.streams().batchSize() + ", every " + options.streams().pollInterval().toMillis() + " ms)"
          + (stack.streamFunction() == null ? "; no stream function attached" : ""));
    }
    if (!options.faults().isNone()) {
      System.out.println("@connections faults: " + options.faults().postLatencyMs() + " ms latency per post, "
          + options.faults().postFailureRate() + " of posts answered " + options.faults().postFailureStatuses()
          + " (seed " + options.faults().seed() + ")");
    }
    if (options.faults().parallelDefault()) {
      System.out.println("$default: a connection's frames run in parallel and out of order (up to "
          + options.faults().parallelDefaultMs() + " ms apart)");
    }
    if (!options.faults().dynamo().isNone()) {
      DynamoFaultSettings d = options.faults().dynamo();
      System.out.println("DynamoDB faults: " + d.failureRate() + " of " + (d.operations().isEmpty() ? "all requests"
          : d.operations() + " requests") + " answered " + d.kinds() + " (seed " + d.seed() + ")");
    }
    if (stack.demoPageUrl() != null) {
      String banner = stack.demoBanner();
      System.out.println("demo page on " + stack.demoPageUrl() + (banner == null ? "" : " (" + banner + ")"));
    }
    System.out.println("dynamodb on " + stack.dynamoEndpoint());
    System.out.println("listening on " + stack.websocketUrl());
    System.out.flush();
    stop.await();
  }

  /** The message of a failed start and of its causes, on one line. */
  static String oneLine(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append(": ").append(c.getMessage());
      }
    }
    return b.toString().replace('\n', ' ');
  }

  static LocalOptions parse(String[] args) {
    String app = "demo";
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--app")) {
        app = args[i + 1];
      }
    }
    LocalOptions o = LocalOptions.forApp(app);
    Long interval = null;
    Long timeout = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException("help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--app" -> { }
          case "--port" -> o = o.withPort((int) num(a, v));
          case "--management-port" -> o = o.withManagementPort((int) num(a, v));
          case "--ping-interval" -> interval = num(a, v);
          case "--ping-timeout" -> timeout = num(a, v);
          case "--connect-timeout" -> o = o.withConnectTimeout(num(a, v));
          case "--max-payload" -> o = o.withMaxPayload(num(a, v));
          case "--tick-ms" -> o = o.withTickMs(num(a, v));
          case "--idle-timeout-ms" -> o = o.withIdleTimeout(Duration.ofMillis(num(a, v)));
          case "--max-duration-ms" -> o = o.withMaxDuration(Duration.ofMillis(num(a, v)));
          case "--dynamodb-endpoint" -> o = o.withDynamoEndpoint(v);
          case "--table" -> o = o.withTable(v);
          case "--stream-rules" -> {
            if (!Files.isRegularFile(Path.of(v))) {
              throw new IllegalArgumentException("no such file " + v);
            }
            o = o.withStreamRules(Path.of(v));
          }
          case "--stream-batch-size" -> o = o.withStreamBatchSize((int) num(a, v));
          case "--stream-poll-ms" -> o = o.withStreamPollMs(num(a, v));
          case "--stream-max-retries" -> o = o.withStreams(o.streams().withMaxRetryAttempts((int) num(a, v)));
          case "--stream-bisect" -> o = o.withStreams(o.streams().withBisectBatchOnFunctionError(bool(a, v)));
          case "--post-latency-ms" -> o = o.withPostLatencyMs(num(a, v));
          case "--post-failure-rate" -> o = o.withFaults(o.faults().withPostFailureRate(rate(a, v)));
          case "--post-failure-kinds" -> o = o.withFaults(o.faults().withPostFailureStatuses(statuses(a, v)));
          case "--fault-seed" -> o = o.withFaultSeed(signed(a, v));
          case "--parallel-default-ms" -> o = o.withParallelDefault(num(a, v));
          case "--dynamo-failure-rate" -> o = o.withDynamoFaults(o.faults().dynamo().withFailureRate(rate(a, v)));
          case "--dynamo-failure-kinds" -> o = o.withDynamoFaults(o.faults().dynamo().withKinds(
              DynamoFaultKind.parseList(v)));
          case "--dynamo-fault-operations" -> o = o.withDynamoFaults(o.faults().dynamo().withOperations(
              Set.copyOf(List.of(v.trim().split("\\s*,\\s*")))));
          case "--dynamo-fault-seed" -> o = o.withDynamoFaults(o.faults().dynamo().withSeed(signed(a, v)));
          case "--dynamo-timeout-ms" -> o = o.withDynamoFaults(o.faults().dynamo().withTimeoutMs(num(a, v)));
          case "--web-port" -> o = o.withWebPort((int) num(a, v));
          case "--route-responses" -> o = o.withAppEnv("SOCKETIO_ROUTE_RESPONSES", v);
          case "--app-env" -> {
            int eq = v.indexOf('=');
            if (eq < 1) {
              throw new IllegalArgumentException("--app-env takes NAME=VALUE, was '" + v + "'");
            }
            o = o.withAppEnv(v.substring(0, eq), v.substring(eq + 1));
          }
          case "--fanout-concurrency" -> o = o.withFanOut(o.fanOut().withConcurrency((int) num(a, v)));
          case "--fanout-shard-threshold" -> o = o.withFanOut(o.fanOut().withShards((int) num(a, v),
              o.fanOut().shardSize()));
          case "--fanout-shard-size" -> o = o.withFanOut(o.fanOut().withShards(o.fanOut().shardThreshold(),
              (int) num(a, v)));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (IllegalArgumentException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        throw new IllegalArgumentException(m.startsWith(a) || m.startsWith("unknown option") ? m : a + ": " + m, e);
      }
    }
    if (interval != null || timeout != null) {
      o = o.withPing(interval != null ? interval : o.pingInterval(), timeout != null ? timeout : o.pingTimeout());
    }
    return o;
  }

  private static long num(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new IllegalArgumentException(option + " must be >= 0, was " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'");
    }
  }

  private static long signed(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'");
    }
  }

  private static double rate(String option, String value) {
    double r;
    try {
      r = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a share between 0 and 1 (e.g. 0.1), was '" + value + "'");
    }
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException(option + " takes a share between 0 and 1 (e.g. 0.1), was '" + value + "'");
    }
    return r;
  }

  private static boolean bool(String option, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(option + " takes true or false, was '" + value + "'");
    };
  }

  /** {@code 500,429} or {@code 410}. */
  private static List<Integer> statuses(String option, String value) {
    List<Integer> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        out.add(Integer.parseInt(p));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes HTTP statuses separated by commas (e.g. 500,429),"
            + " was '" + value + "'");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(option + " needs at least one status (e.g. 500,429 or 410)");
    }
    return out;
  }

  static String usage() {
    return "usage: java -jar local/target/socketio-local.jar [--app NAME|CLASS] [--port 3000]\n"
        + "       [--ping-interval MS] [--ping-timeout MS] [--connect-timeout MS] [--max-payload BYTES]\n"
        + "       [--tick-ms MS] [--idle-timeout-ms MS] [--max-duration-ms MS] [--management-port PORT]\n"
        + "       [--dynamodb-endpoint URL] [--table NAME]\n"
        + "  --dynamodb-endpoint: an external DynamoDB + DynamoDB Streams endpoint (LocalStack, DynamoDB Local)\n"
        + "       instead of the embedded one, region us-east-1, credentials local/local; tables are created\n"
        + "       if absent, never dropped (docs/localstack.md)\n"
        + "  domain table streams (the Lambda event source mapping, emulated):\n"
        + "       [--stream-rules FILE]        rules whose \"tables\" are created and polled\n"
        + "       [--stream-batch-size 100] [--stream-poll-ms 100] [--stream-max-retries 3] [--stream-bisect true]\n"
        + "  @connections fault injection (tests, benchmarks):\n"
        + "       [--post-latency-ms 0] [--post-failure-rate 0..1] [--post-failure-kinds 500,429|410|...]\n"
        + "       [--fault-seed 1] [--parallel-default-ms MS (a connection's frames in parallel, out of order)]\n"
        + "  DynamoDB fault injection (an HTTP proxy in front of DynamoDB: the SDK sees AWS's errors):\n"
        + "       [--dynamo-failure-rate 0..1] [--dynamo-failure-kinds throttle,500,unprocessed,timeout]\n"
        + "       [--dynamo-fault-operations PutItem,Query,...] [--dynamo-fault-seed 1] [--dynamo-timeout-ms 1000]\n"
        + "  fan-out:\n"
        + "       [--fanout-concurrency 64] [--fanout-shard-threshold 2000] [--fanout-shard-size 1000]\n"
        + "  apps (--app " + String.join("|", dev.socketiolambda.functions.bundle.Bundles.all().stream()
            .map(dev.socketiolambda.functions.bundle.AppBundle::name).toList()) + ", or a class name):\n"
        + "       [--web-port 3001]            the app's demo page, when it has one (-1: none)\n"
        + "       [--app-env NAME=VALUE]...    app settings by their Lambda variable names (CHAT_SEND_RATE=5/10s)";
  }
}
