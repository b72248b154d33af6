package dev.socketiolambda.local.bench;

import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.gateway.FaultSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Broadcast benchmark of the fan-out engine and the stream path on the local stack (not a test):
 * N real socket.io clients in one room, {@code @connections} answering after an injected latency.
 * (1) {@code Emitter} broadcast to the room: time until the last client has the event;
 * (2) a domain write: time from {@code PutItem} until the last client has the stream rule's event.
 *
 * <p>Run with {@code scripts/bench-broadcast.sh [clients] [latencyMs] [rounds]}.
 */
public final class BroadcastBench {
  private BroadcastBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("node_modules/socket.io-client"))) {
      root = root.getParent();
    }
    Path rules = root.resolve("local/src/test/resources/bench/bench-rules.json");
    LocalOptions options = LocalOptions.defaults().withPort(0).withStreamRules(rules)
        .withPing(300_000, 120_000) // heartbeats out of the way of the measurement
        .withFaults(FaultSettings.NONE.withPostLatencyMs(latency))
        .withFanOut(FanOutSettings.DEFAULT.withConcurrency(concurrency).withShards(100_000, 1_000));
    try (LocalStack stack = LocalStack.start(options)) {
      NodeLines client = NodeLines.start(root, "local/src/test/node/broadcast-bench.js", stack.websocketUrl(), String.valueOf(clients));
      Process node = client.process();
      BlockingQueue<String> lines = client.lines();
      long connectStart = System.currentTimeMillis();
      expect(lines, "READY", 600);
      long connectMs = System.currentTimeMillis() - connectStart;
      List<long[]> emitter = new ArrayList<>();
      List<long[]> stream = new ArrayList<>();
      List<String> cpu = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) { // round 0 warms up
        ThreadCpu.Snapshot cpu0 = ThreadCpu.snapshot();
        long t0 = System.currentTimeMillis();
        BroadcastResult r = stack.emitter().of("/").to("bench").emit("bench", round);
        long last = Long.parseLong(expect(lines, "ROUND b" + round + " ", 120).split(" ")[2]);
        if (round > 0) {
          emitter.add(new long[] {last - t0, r.durationMs(), r.delivered(), r.failed()});
          cpu.add("round " + round + " emitter: " + ThreadCpu.snapshot().since(cpu0, 8));
        }
        ThreadCpu.Snapshot cpu1 = ThreadCpu.snapshot();
        final int rr = round;
        long t1 = System.currentTimeMillis();
        stack.dynamo().putItem(b -> b.tableName("bench_items").item(Map.of("id", AttributeValue.fromS("i" + rr),
            "round", AttributeValue.fromN(String.valueOf(rr)), "t", AttributeValue.fromN(String.valueOf(t1)))));
        long last2 = Long.parseLong(expect(lines, "ROUND s" + round + " ", 120).split(" ")[2]);
        if (round > 0) {
          stream.add(new long[] {last2 - t1});
          cpu.add("round " + round + " stream:  " + ThreadCpu.snapshot().since(cpu1, 8));
        }
      }
      try (OutputStream in = node.getOutputStream()) {
        in.write("STOP\n".getBytes(StandardCharsets.UTF_8));
      }
      node.waitFor(30, TimeUnit.SECONDS);
      node.destroyForcibly();
      System.out.printf("clients=%d latencyMs=%d concurrency=%d rounds=%d connectAll=%d ms%n", clients, latency,
          concurrency, rounds, connectMs);
      System.out.println("| round | emitter: last client has it (ms) | fan-out duration (ms) | deliveries/s | "
          + "domain write -> last client (ms) |");
      System.out.println("|---|---|---|---|---|");
      for (int i = 0; i < emitter.size(); i++) {
        long[] e = emitter.get(i);
        System.out.printf("| %d | %d | %d | %.0f | %d |%n", i + 1, e[0], e[1],
            e[2] * 1000.0 / Math.max(1, e[1]), stream.get(i)[0]);
      }
      System.out.printf("median: emitter %d ms, stream %d ms%n", median(emitter, 0), median(stream, 0));
      System.out.println("CPU time of this JVM (stack, emulator, DynamoDB Local) from the emit/write until the last "
          + "client had the event, by thread group, ms:");
      cpu.forEach(System.out::println);
    }
    System.exit(0);
  }

  private static long median(List<long[]> rows, int col) {
    long[] v = rows.stream().mapToLong(r -> r[col]).sorted().toArray();
    return v.length == 0 ? -1 : v[v.length / 2];
  }

  private static String expect(BlockingQueue<String> lines, String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException("no '" + prefix + "' within " + seconds + " s");
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }
}
