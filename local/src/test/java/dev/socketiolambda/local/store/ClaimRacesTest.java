package dev.socketiolambda.local.store;

import static dev.socketiolambda.functions.store.TableDefinitions.SK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.server.ConnectRequest;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.TestClock;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Claims of sockets racing other invocations, over DynamoDB Local with the real SDK client. A
 * socket's disconnect listeners run once when DynamoDB applies a claim but its answer is lost: the
 * claim reaches DynamoDB, another invocation removes the connection meanwhile, then the SDK retries
 * the claim (the answer "lost" by an interceptor), which must still find the socket claimed with its
 * own token.
 */
class ClaimRacesTest {
  private static final String TABLE = "claims";
  private static final String ENDPOINT = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev";
  private static final Meanwhile MEANWHILE = new Meanwhile();
  private static EmbeddedDynamoDb dynamo;
  private static int connections;

  private final TestClock clock = new TestClock();
  private final RecordingGateway gateway = new RecordingGateway();
  private final List<String> reasons = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final DynamoDbStateStore store = new DynamoDbStateStore(dynamo.client(), TABLE, DueIndexSettings.DEFAULT);
  /** The invocation whose claim's answer is lost, and another one (another function instance) meanwhile. */
  private final Engine claimer = engine();
  private final Engine other = engine();

  @BeforeAll
  static void start() {
    dynamo = EmbeddedDynamoDb.start(0, List.of(MEANWHILE));
    LocalStack.createTablesIfAbsent(dynamo.client(), TABLE);
  }

  @AfterAll
  static void stop() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  private Engine engine() {
    SocketIoServer io = new SocketIoServer();
    SocketIoApp app = s -> s.of("/").onDisconnect((socket, reason) -> reasons.add(reason));
    app.configure(io);
    io.onError((where, socket, error) -> errors.add(error));
    return new Engine(io, store, gateway.provider(), EngineConfig.DEFAULT, clock, null);
  }

  /** A connection with a socket in "/" and a room: the client's $connect, open and CONNECT. */
  private String connected() {
    String id = "lost-" + (++connections) + "=";
    claimer.onConnect(new ConnectRequest(id, ENDPOINT, "203.0.113.7", Map.of(), Map.of("EIO", List.of("4")),
        clock.now()));
    assertThat(claimer.onOpen(id)).isTrue();
    claimer.onMessage(id, "40");
    assertThat(gateway.frames(id)).anyMatch(f -> f.startsWith("40{\"sid\":")); // posted: route responses off
    assertThat(store.socketsOf(id)).hasSize(1);
    return id;
  }

  private void assertNoRowsLeft(String id) {
    assertThat(store.getConnection(id)).isEmpty();
    assertThat(store.socketsOf(id)).isEmpty();
    assertThat(store.members("/", "")).noneMatch(m -> m.connectionId().equals(id));
  }

  @Test
  void aNamespaceDisconnectWhoseClaimAnswerIsLostRunsTheListenersOnceWhileDisconnectRemovesTheConnection() {
    String id = connected();
    MEANWHILE.loseNextClaimAnswer(() -> other.onDisconnect(id)); // $disconnect, as the client closes right after its DISCONNECT

    claimer.onMessage(id, "41");

    assertThat(MEANWHILE.ran()).as("the claim's answer was lost after $disconnect ran").isTrue();
    assertThat(reasons).containsExactly("client namespace disconnect");
    assertThat(errors).isEmpty();
    assertThat(store.socketsOf(id)).as("the claimer deleted its socket").isEmpty();

    // the connection row stayed for the heartbeat: its next visit finds the client gone and removes it
    gateway.gone(id);
    clock.advance(EngineConfig.DEFAULT.pingInterval() + 1);
    other.onHeartbeat();

    assertNoRowsLeft(id);
    assertThat(reasons).hasSize(1);
  }

  @Test
  void aDisconnectWhoseClaimAnswerIsLostRunsTheListenersOnceWhileAnotherRemovesTheConnection() {
    String id = connected();
    MEANWHILE.loseNextClaimAnswer(() -> other.close(id, "ping timeout")); // the heartbeat, racing the $disconnect below

    claimer.onDisconnect(id);

    assertThat(MEANWHILE.ran()).as("the claim's answer was lost after the other removal ran").isTrue();
    assertThat(reasons).containsExactly("transport close");
    assertThat(errors).isEmpty();
    assertNoRowsLeft(id);
  }

  @Test
  void roomsBeyondTheFirstTransactionOfACreatedSocketAreWrittenOnlyWhileItIsUnclaimed() {
    String id = "rooms-" + (++connections) + "=";
    store.putConnection(new ConnectionRecord(id, "eio", ENDPOINT, clock.now(), "203.0.113.7", Map.of(), Map.of(), 0,
        0, 0, clock.now() + 60_000));
    Set<String> rooms = new HashSet<>(Set.of("sid-r"));
    for (int i = 0; i < 150; i++) {
      rooms.add("room-" + i);
    }
    AtomicReference<Set<String>> joinedWhenClaimed = new AtomicReference<>();
    MEANWHILE.afterNextTransaction(() -> {
      store.claimSocket(id, "/", "claimer").orElseThrow();
      joinedWhenClaimed.set(roomsWithMember(id, rooms));
    });

    assertThat(store.putSocket(new SocketRecord(id, "/", "sid-r", "{}", "{}", rooms, clock.now()))).isTrue();

    assertThat(MEANWHILE.ran()).as("claimed after the first transaction").isTrue();
    assertThat(joinedWhenClaimed.get()).as("the first transaction's rooms").isNotEmpty().hasSizeLessThan(rooms.size());
    assertThat(roomsWithMember(id, rooms)).as("no membership written after the claim")
        .isEqualTo(joinedWhenClaimed.get());
  }

  private Set<String> roomsWithMember(String id, Set<String> rooms) {
    Set<String> out = new HashSet<>();
    for (String room : rooms) {
      if (store.members("/", room).stream().anyMatch(m -> m.connectionId().equals(id))) {
        out.add(room);
      }
    }
    return out;
  }

  /**
   * Once armed, lets the next call that matches reach DynamoDB, then runs another invocation and,
   * for a claim, fails the call as a lost answer would: the SDK retries it.
   */
  private static final class Meanwhile implements ExecutionInterceptor {
    private record Armed(Predicate<SdkRequest> call, Runnable otherInvocation, boolean loseAnswer) {}

    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private volatile boolean ran;

    /** After the next claim of a socket (an UpdateItem setting {@code closing} on a socket row): answer lost. */
    void loseNextClaimAnswer(Runnable otherInvocation) {
      arm(new Armed(r -> r instanceof UpdateItemRequest u && u.key().get(SK).s().startsWith("S#")
          && u.updateExpression().startsWith("SET closing = "), otherInvocation, true));
    }

    /** After the next TransactWriteItems, answered. */
    void afterNextTransaction(Runnable otherInvocation) {
      arm(new Armed(r -> r instanceof TransactWriteItemsRequest, otherInvocation, false));
    }

    private void arm(Armed a) {
      ran = false;
      armed.set(a);
    }

    boolean ran() {
      return ran;
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
      Armed a = armed.get();
      if (a == null || context.httpResponse().statusCode() != 200 || !a.call().test(context.request())
          || !armed.compareAndSet(a, null)) {
        return;
      }
      a.otherInvocation().run();
      ran = true;
      if (a.loseAnswer()) {
        throw RetryableException.create("the answer to the claim was lost");
      }
    }
  }
}
