package dev.socketiolambda.local.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.RuntimeBuilder;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.snapstart.SnapStartPriming;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SnapStart priming hook on a runtime built as a function builds it (the SDK's DynamoDB client
 * from the settings, against DynamoDB Local): it runs one {@code $default} event through the engine
 * with two DynamoDB reads (its socket row, then its connection row), writes no row, touches no other connection and posts nothing.
 */
@Timeout(120)
class SnapStartPrimingTest {
  private static final String TABLE = "priming-state";
  private static final String REAL = "RealConnection1=";
  private static EmbeddedDynamoDb db;

  @BeforeAll
  static void start() {
    db = EmbeddedDynamoDb.start(0);
    LocalStack.createTablesIfAbsent(db.client(), TABLE);
    // a real client's rows, which priming must leave as they are
    DynamoDbStateStore store = new DynamoDbStateStore(db.client(), TABLE, DueIndexSettings.DEFAULT);
    long now = System.currentTimeMillis();
    store.putConnection(new ConnectionRecord(REAL, "eio-real", "http://127.0.0.1:1/local", now, "127.0.0.1",
        Map.of("host", "127.0.0.1"), Map.of("EIO", List.of("4")), 0, 0, 0, now + 25_000));
    store.putSocket(new SocketRecord(REAL, "/", "sid-real", "{}", "{}", Set.of("sid-real"), now));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void theHookRunsTheEventPathWithOneReadAndLeavesNoTrace() {
    CountingGateway gateway = new CountingGateway();
    Runtime runtime = runtime(db.endpoint().toString(), gateway);
    List<Map<String, AttributeValue>> rowsBefore = rows();
    Meter meter = Meter.runtime();
    long requests = meter.get(Metric.DYNAMODB_REQUESTS);
    long frames = meter.get(Metric.FRAMES_IN);
    long events = meter.get(Metric.EVENTS_IN);

    new SnapStartPriming(runtime).beforeCheckpoint(null);

    // the real SDK client read the socket row, then the connection row (no upgrade to wait for);
    // the frame was decoded as an event
    assertThat(meter.get(Metric.DYNAMODB_REQUESTS) - requests).isEqualTo(2);
    assertThat(meter.get(Metric.FRAMES_IN) - frames).isEqualTo(1);
    assertThat(meter.get(Metric.EVENTS_IN) - events).isEqualTo(1);
    assertThat(runtime.engine()).isNotNull();
    assertThat(rows()).containsExactlyInAnyOrderElementsOf(rowsBefore);
    assertThat(rows().toString()).doesNotContain(SnapStartPriming.CONNECTION_ID);
    assertThat(gateway.calls).isEmpty();
  }

  @Test
  void theReportNamesTheRouteResponseAndTheRequests() throws Exception {
    CountingGateway gateway = new CountingGateway();
    SnapStartPriming.Report report = new SnapStartPriming(runtime(db.endpoint().toString(), gateway)).prime();

    assertThat(report.reply()).isEqualTo("6"); // nothing to say to an unknown connection: the Engine.IO noop
    assertThat(report.dynamoRequests()).isEqualTo(2);
    assertThat(gateway.calls).isEmpty();
  }

  @Test
  void anUnreachableDatabaseDoesNotFailTheSnapshot() {
    CountingGateway gateway = new CountingGateway();
    Runtime runtime = runtime("http://127.0.0.1:1", gateway); // nothing listens on port 1

    new SnapStartPriming(runtime).beforeCheckpoint(null); // logs, does not throw

    assertThat(gateway.calls).isEmpty();
  }

  @Test
  void registersOncePerFunctionInstance() {
    Runtime runtime = runtime(db.endpoint().toString(), new CountingGateway());

    assertThat(SnapStartPriming.register(runtime)).isSameAs(SnapStartPriming.register(runtime));
  }

  private static Runtime runtime(String dynamoEndpoint, CountingGateway gateway) {
    Settings settings = Settings.from(Map.of("SOCKETIO_APP", "demo", "SOCKETIO_TABLE", TABLE,
        "DYNAMODB_ENDPOINT", dynamoEndpoint, "AWS_REGION", EmbeddedDynamoDb.REGION.id()));
    return RuntimeBuilder.of(settings).credentials(EmbeddedDynamoDb.credentialsProvider())
        .gateways(new GatewayProvider(endpoint -> gateway)).openTrigger(id -> gateway.calls.add("open " + id))
        .invocationLog(InvocationLog.off()).build();
  }

  private static List<Map<String, AttributeValue>> rows() {
    return db.client().scan(b -> b.tableName(TABLE).consistentRead(true)).items();
  }

  /** Records every management API call: priming must make none. */
  private static final class CountingGateway implements Gateway {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void post(String connectionId, String frame) {
      calls.add("post " + connectionId + " " + frame);
    }

    @Override
    public boolean isConnected(String connectionId) {
      calls.add("get " + connectionId);
      return false;
    }

    @Override
    public void delete(String connectionId) {
      calls.add("delete " + connectionId);
    }
  }
}
