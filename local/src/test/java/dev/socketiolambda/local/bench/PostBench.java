package dev.socketiolambda.local.bench;

import dev.socketiolambda.functions.delivery.ManagementApiPoster;
import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.local.gateway.RandomFaults;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Isolates the management API path of a broadcast (not a test): the emulator alone, N plain
 * WebSocket clients, and N PostToConnection calls through the runtime's {@link ManagementApiPoster}
 * (signed requests on the JDK's HTTP client) with the fan-out's bounded concurrency. Prints wall
 * time, time until the last client has the frame and CPU time per thread group.
 *
 * <p>Usage: PostBench [clients=1000] [latencyMs=20] [rounds=5] [concurrency=256]
 */
public final class PostBench {
  private PostBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("node_modules/ws"))) {
      root = root.getParent();
    }
    try (WebSocketGatewayEmulator gw = WebSocketGatewayEmulator.builder()
        .managementFaults(new RandomFaults(latency, 0, List.of(), 1))
        .managementThreads(1024)
        .build().start();
        ManagementApiPoster poster = ManagementApiPoster.create(gw.managementEndpoint(), EmbeddedDynamoDb.REGION,
            EmbeddedDynamoDb.credentialsProvider(), concurrency * 9)) {
      NodeLines client = NodeLines.start(root, "local/src/test/node/ws-sink.js", gw.websocketUrl(), String.valueOf(clients));
      Process node = client.process();
      BlockingQueue<String> lines = client.lines();
      if (!"READY".equals(lines.poll(120, TimeUnit.SECONDS))) {
        throw new IllegalStateException("clients not ready");
      }
      while (gw.openConnectionIds().size() < clients) {
        Thread.sleep(10);
      }
      List<String> ids = new ArrayList<>(gw.openConnectionIds());
      String frame = "42[\"bench\",0]";
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = 0; round <= rounds; round++) {
        Map<Long, Long> cpu0 = cpu(threads);
        long process0 = processCpu();
        long opens0 = passiveOpens();
        long t0 = System.currentTimeMillis();
        long callerCpu0 = threads.getCurrentThreadCpuTime();
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String id : ids) {
          slots.acquireUninterruptibly();
          all.add(post(poster, id, frame).whenComplete((ok, e) -> slots.release()));
        }
        long submitted = System.currentTimeMillis() - t0;
        long callerCpu = threads.getCurrentThreadCpuTime() - callerCpu0;
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        long posted = System.currentTimeMillis() - t0;
        String got = lines.poll(60, TimeUnit.SECONDS);
        long last = Long.parseLong(got.split(" ")[2]) - t0;
        long processCpu = processCpu() - process0;
        Map<String, Long> groups = new TreeMap<>();
        Map<Long, Long> cpu1 = cpu(threads);
        for (ThreadInfo info : threads.getThreadInfo(cpu1.keySet().stream().mapToLong(Long::longValue).toArray())) {
          if (info == null) {
            continue;
          }
          long d = cpu1.getOrDefault(info.getThreadId(), 0L) - cpu0.getOrDefault(info.getThreadId(), 0L);
          groups.merge(info.getThreadName().replaceAll("\\d+", "N"), d, Long::sum);
        }
        StringBuilder g = new StringBuilder();
        groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(12)
            .forEach(e -> g.append(' ').append(e.getKey()).append('=').append(e.getValue() / 1_000_000));
        System.out.printf("round %d: submitted %d ms (caller cpu %d ms), all posts answered %d ms, last client %d ms,"
            + " process cpu %d ms, tcp accepts %d, load %s |%s%n", round, submitted, callerCpu / 1_000_000, posted,
            last, processCpu / 1_000_000, passiveOpens() - opens0, Files.readString(Path.of("/proc/loadavg")).split(" ")[0], g);
      }
      node.getOutputStream().write("STOP\n".getBytes(StandardCharsets.UTF_8));
      node.getOutputStream().flush();
      node.waitFor(10, TimeUnit.SECONDS);
      node.destroyForcibly();
    }
    System.exit(0);
  }

  private static CompletableFuture<Void> post(Transport poster, String id, String frame) {
    try {
      return poster.send(id, frame);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Map<Long, Long> cpu(ThreadMXBean threads) {
    Map<Long, Long> out = new java.util.HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        out.put(id, t);
      }
    }
    return out;
  }

  /** TCP connections accepted on this machine so far (all processes). */
  private static long passiveOpens() throws java.io.IOException {
    List<String> snmp = Files.readAllLines(Path.of("/proc/net/snmp"));
    for (int i = 0; i + 1 < snmp.size(); i++) {
      if (snmp.get(i).startsWith("Tcp:") && snmp.get(i + 1).startsWith("Tcp:")) {
        List<String> names = List.of(snmp.get(i).split(" "));
        return Long.parseLong(snmp.get(i + 1).split(" ")[names.indexOf("PassiveOpens")]);
      }
    }
    return -1;
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
