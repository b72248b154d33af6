package dev.socketiolambda.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broadcasts' transport of the socket functions' jar, which has no Netty: the blocking
 * management API gateway on a pool, as many posts in flight as the fan-out concurrency allows.
 */
class PooledTransportTest {
  private static final String ENDPOINT = "https://abc.execute-api.eu-west-1.amazonaws.com/prod";

  @Test
  void postsRunOnThePoolWithUpToConcurrencyInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Set<String> endpoints = ConcurrentHashMap.newKeySet();
    GatewayProvider gateways = new GatewayProvider(endpoint -> {
      endpoints.add(endpoint);
      return new Recording() {
        @Override
        public void post(String connectionId, String frame) {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          threads.add(Thread.currentThread().getName().replaceAll("\\d+$", ""));
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          delivered.add(connectionId + "=" + frame);
          inFlight.decrementAndGet();
        }
      };
    });
    Transport transport = RuntimeBuilder.pooledTransport(gateways, ENDPOINT, 4);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sends.add(transport.send("c" + i, "42[\"x\"]"));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(sends).noneMatch(CompletableFuture::isDone); // the caller's thread never posts
    release.countDown();
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(most.get()).isEqualTo(4);
    assertThat(delivered).hasSize(20).contains("c0=42[\"x\"]", "c19=42[\"x\"]");
    assertThat(threads).containsExactly("socketio-post-");
    assertThat(endpoints).containsExactly(ENDPOINT);
  }

  @Test
  void aGoneConnectionFailsItsFutureAndCloseOfAGoneOneIsNoError() {
    GatewayProvider gateways = new GatewayProvider(endpoint -> new Recording() {
      @Override
      public void post(String connectionId, String frame) {
        throw new ConnectionGoneException(connectionId, null);
      }
    });
    Transport transport = RuntimeBuilder.pooledTransport(gateways, ENDPOINT, 2);
    assertThatThrownBy(() -> transport.send("gone", "2").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectionGoneException.class);
    transport.close("gone");
  }

  @Test
  void theFunctionsModuleItselfHasNetty() {
    // the whole jar (and the fan-out jar) keep the asynchronous client; only the socket jar lacks it
    assertThat(RuntimeBuilder.NETTY_PRESENT).isTrue();
  }

  /** A gateway that records nothing by default. */
  private abstract static class Recording implements Gateway {
    @Override
    public boolean isConnected(String connectionId) {
      return true;
    }

    @Override
    public void delete(String connectionId) {}
  }
}
