package dev.socketiolambda.local.bench;

import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.HeartbeatReport;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heartbeat benchmark (not a test): N connections due at once in the DynamoDB state store
 * (DynamoDB Local, in-process; or the in-memory store with {@code memory}, to measure the tick
 * itself), the management API answering each ping after an injected latency;
 * ticks with the heartbeat function's budget (55 s less the 5 s margin) until every connection is
 * pinged. Prints one markdown row per tick: pinged, deferred, failed, wall time.
 *
 * <p>Run with {@code scripts/bench-heartbeat.sh [connections] [latencyMs] [budgetMs] [dynamodb|memory]}.
 */
public final class HeartbeatBench {
  private HeartbeatBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 20;
    long budget = args.length > 2 ? Long.parseLong(args[2]) : 50_000;
    boolean memory = args.length > 3 && "memory".equals(args[3]);
    AtomicLong posts = new AtomicLong();
    Gateway slow = new Gateway() {
      @Override
      public void post(String connectionId, String frame) {
        sleep(latency);
        posts.incrementAndGet();
      }

      @Override
      public boolean isConnected(String connectionId) {
        return true;
      }

      @Override
      public void delete(String connectionId) {}
    };
    try (EmbeddedDynamoDb dynamo = memory ? null : EmbeddedDynamoDb.start(0)) {
      StateStore store;
      if (memory) {
        store = new InMemoryStateStore();
      } else {
        LocalStack.createTablesIfAbsent(dynamo.client(), "bench");
        store = new DynamoDbStateStore(dynamo.client(), "bench", DueIndexSettings.DEFAULT);
      }
      long now = System.currentTimeMillis();
      long fill = System.nanoTime();
      ExecutorService writers = Executors.newFixedThreadPool(16);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        int first = w;
        done.add(writers.submit(() -> {
          for (int i = first; i < n; i += 16) {
            store.putConnection(new ConnectionRecord("bench" + i + "=", "eio" + i, "https://bench.test/dev",
                now - 300_000, "ip", Map.of(), Map.of(), 0, 0, 0, now - 1_000 - (i % 50_000)));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      writers.shutdown();
      System.out.printf("store: %s; %,d connections written in %,d ms; post latency %d ms; budget %,d ms%n",
          memory ? "in memory" : "DynamoDB Local", n, (System.nanoTime() - fill) / 1_000_000, latency, budget);
      Engine engine = new Engine(new SocketIoServer(), store, new GatewayProvider(endpoint -> slow),
          EngineConfig.DEFAULT, System::currentTimeMillis, null);
      System.out.println("| tick | pinged | deferred | failed | wall ms | pings/s |");
      System.out.println("|---:|---:|---:|---:|---:|---:|");
      long pinged = 0;
      for (int tick = 1; tick <= 20 && pinged < n; tick++) {
        long t0 = System.nanoTime();
        HeartbeatReport r = engine.onHeartbeat(budget);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        pinged += r.pinged();
        System.out.printf("| %d | %,d | %,d | %,d | %,d | %,d |%n", tick, r.pinged(), r.deferred(), r.failed(), ms,
            ms == 0 ? 0 : r.pinged() * 1000L / ms);
      }
      System.out.printf("all %,d pinged: %s (posts: %,d)%n", n, pinged == n, posts.get());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
