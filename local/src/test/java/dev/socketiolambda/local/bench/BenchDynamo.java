package dev.socketiolambda.local.bench;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.TableDefinitions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark tool, not a test (run by {@code scripts/bench-local.sh} for {@link ColdStart}): DynamoDB
 * Local with the runtime's tables ({@link TableDefinitions}, default table name) and one connection
 * that has joined {@code /}, as {@code $connect} + CONNECT would have left it.
 *
 * <pre>java -cp local/target/socketio-local.jar:local/target/bench-classes \
 *   dev.socketiolambda.local.bench.BenchDynamo CONNECTION_ID [WARMUPS]</pre>
 * warms DynamoDB Local up with WARMUPS (default 3000) pairs of GetItem, prints
 * {@code dynamodb on http://127.0.0.1:PORT}, then runs until stdin closes or it is killed.
 */
public final class BenchDynamo {
  private BenchDynamo() {}

  public static void main(String[] args) throws Exception {
    String connectionId = args.length > 0 ? args[0] : "BenchConn=";
    EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(0);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close));
    LocalStack.createTablesIfAbsent(dynamo.client(), TableDefinitions.DEFAULT_TABLE_NAME);
    DynamoDbStateStore store = new DynamoDbStateStore(dynamo.client(), TableDefinitions.DEFAULT_TABLE_NAME,
        DueIndexSettings.DEFAULT);
    long now = System.currentTimeMillis();
    store.putConnection(new ConnectionRecord(connectionId, "eio-" + connectionId, "http://127.0.0.1:1/local", now,
        "127.0.0.1", Map.of("host", "127.0.0.1"), Map.of("EIO", List.of("4"), "transport", List.of("websocket")),
        0, 0, 0, now + 3_600_000));
    String sid = "sid-" + connectionId;
    store.putSocket(new SocketRecord(connectionId, "/", sid, "{}", "{}", Set.of(sid), now));
    if (store.getSocket(connectionId, "/").isEmpty()) {
      throw new IllegalStateException("seeding failed");
    }
    // Warm DynamoDB Local's JVM (and this client) so it answers like an always-warm service would:
    // the cold-start measurement is about the function's JVM, not DynamoDB Local's.
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    long t0 = System.nanoTime();
    long tail = t0;
    for (int i = 0; i < warmups; i++) {
      if (i == warmups - 500) {
        tail = System.nanoTime();
      }
      store.getSocket(connectionId, "/");
      store.getConnection(connectionId);
    }
    long end = System.nanoTime();
    System.out.printf(java.util.Locale.ROOT, "warm-up: %d x (GetItem socket + GetItem connection) in %.0f ms;"
        + " last 500: %.2f ms per GetItem%n", warmups, (end - t0) / 1e6,
        warmups >= 500 ? (end - tail) / 1e6 / 1000 : Double.NaN);
    System.out.println("dynamodb on " + dynamo.endpoint());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until stdin closes
    }
    System.exit(0);
  }
}
