package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.fanout.InMemoryShardLedger;
import dev.socketiolambda.functions.fanout.Shard;
import dev.socketiolambda.functions.fanout.ShardQueue;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.SlowTransport;
import dev.socketiolambda.functions.testing.TestClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code $default} invocation whose broadcast cannot reach everybody in the time it has left (the
 * Lambda context's remaining time, as {@code DefaultHandler} passes it): the engine still answers
 * the sender's ack through its route response, and the recipients it did not reach in time are in
 * the fan-out queue, so nobody is dropped and the ack is not lost to a timeout.
 */
class EngineBudgetTest {
  private static final int SOCKETS = 400;
  private final ExecutorService posts = Executors.newFixedThreadPool(8);
  private final RecordingGateway gateway = new RecordingGateway();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final List<Shard> queued = new CopyOnWriteArrayList<>();
  private final TestClock clock = new TestClock();
  private FanOut fanOut;

  @AfterEach
  void stopPosts() {
    posts.shutdownNow();
  }

  @Test
  void aBroadcastLongerThanTheInvocationsTimeIsHandedToTheQueueAndTheAckStillAnswers() {
    SocketIoServer io = new SocketIoServer();
    new DemoApp().configure(io);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    io.onError((where, socket, error) -> errors.add(error));
    ShardQueue queue = shards -> {
      queued.addAll(shards);
      return CompletableFuture.completedFuture(null);
    };
    Engine engine = new Engine(io, store, gateway.provider(), EngineHarness.QUIET, clock, EngineHarness.ENDPOINT,
        (gone, errs) -> fanOut = new FanOut(store, new SlowTransport(gateway, 20, posts), FanOutSettings.DEFAULT.withConcurrency(8), queue,
            new InMemoryShardLedger(), gone, errs));
    for (int i = 0; i < SOCKETS; i++) {
      String id = "c" + i;
      engine.onConnect(new ConnectRequest(id, EngineHarness.ENDPOINT, "203.0.113.7", Map.of(),
          Map.of("EIO", List.of("4"), "transport", List.of("websocket")), clock.now()));
      engine.onOpen(id);
      engine.onMessage(id, "40");
    }
    gateway.clear();

    // 1.5 s left in the invocation: one chunk of posts (each at least 20 ms, 8 at a time) fits, the rest does not
    String routeResponse = engine.onMessage("c0", "421[\"to-all\",\"news\"]", 1_500);

    assertThat(routeResponse).as("the sender's ack, in the route response (its own copy was posted before it)")
        .isEqualTo("431[\"sent\"]");
    assertThat(queued).as("what the invocation could not reach in time went to the fan-out queue").isNotEmpty();
    int handedOn = queued.stream().mapToInt(s -> s.connectionIds().size()).sum();
    assertThat(handedOn).isLessThan(SOCKETS - 1);
    for (Shard shard : queued) {
      fanOut.deliverQueued(shard, FanOut.DEFAULT_BUDGET_MS); // the fan-out function's work
    }
    for (int i = 0; i < SOCKETS; i++) {
      assertThat(gateway.frames("c" + i)).as("c" + i).containsExactly("42[\"all-message\",\"news\"]");
    }
    assertThat(errors).isEmpty();
  }
}
