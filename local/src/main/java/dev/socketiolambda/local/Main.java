package dev.socketiolambda.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local/target/socketio-local.jar [--app NAME] [--port 3000] [--ping-interval MS]
 * [--ping-timeout MS] [--connect-timeout MS] [--max-payload BYTES] [--tick-ms MS]
 * [--idle-timeout-ms MS] [--max-duration-ms MS] [--management-port PORT] [--dynamodb-endpoint URL]}
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
    LocalStack stack = LocalStack.start(options);
    CountDownLatch stop = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stop.countDown();
    }));
    System.out.println("app " + options.app() + ", ping " + options.pingInterval() + "/" + options.pingTimeout()
        + " ms, @connections at " + stack.managementEndpoint());
    System.out.println("listening on " + stack.websocketUrl());
    System.out.flush();
    stop.await();
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
        default -> throw new IllegalArgumentException("unknown option " + a);
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

  static String usage() {
    return "usage: java -jar local/target/socketio-local.jar [--app demo|conformance|CLASS] [--port 3000]\n"
        + "       [--ping-interval MS] [--ping-timeout MS] [--connect-timeout MS] [--max-payload BYTES]\n"
        + "       [--tick-ms MS] [--idle-timeout-ms MS] [--max-duration-ms MS] [--management-port PORT]\n"
        + "       [--dynamodb-endpoint URL]";
  }
}
