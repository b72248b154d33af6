package dev.socketiolambda.functions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingGatewayTest {
  @Test
  void recordsFramesPerConnectionInOrder() {
    RecordingGateway g = new RecordingGateway();

    g.post("a", "1st");
    g.post("b", "x");
    g.post("a", "2nd");

    assertThat(g.frames("a")).containsExactly("1st", "2nd");
    assertThat(g.frames("b")).containsExactly("x");
    assertThat(g.sent()).extracting(RecordingGateway.Sent::connectionId).containsExactly("a", "b", "a");
    assertThat(g.takeFrames("a")).containsExactly("1st", "2nd");
    assertThat(g.frames("a")).isEmpty();
    assertThat(g.sent()).hasSize(1);
  }

  @Test
  void goneConnectionsThrowAndDeleteMakesThemGone() {
    RecordingGateway g = new RecordingGateway().gone("a");

    assertThatThrownBy(() -> g.post("a", "f")).isInstanceOf(ConnectionGoneException.class);
    assertThat(g.isConnected("a")).isFalse();
    g.delete("b");
    assertThatThrownBy(() -> g.post("b", "f")).isInstanceOf(ConnectionGoneException.class);
    assertThat(g.deleted()).containsExactly("b");
    g.revive("a");
    g.post("a", "back");
    assertThat(g.frames("a")).containsExactly("back");
  }

  @Test
  void injectedFailuresHappenOnceEach() {
    RecordingGateway g = new RecordingGateway().failNext("a", 2, 429).failNext(1, 410);

    assertThatThrownBy(() -> g.post("a", "f")).isInstanceOf(GatewayException.class)
        .satisfies(e -> assertThat(((GatewayException) e).statusCode()).isEqualTo(429));
    assertThatThrownBy(() -> g.post("a", "f")).isNotInstanceOf(ConnectionGoneException.class);
    assertThatThrownBy(() -> g.post("b", "f")).isInstanceOf(ConnectionGoneException.class);
    g.post("a", "ok");
    g.post("b", "ok");

    assertThat(g.frames("a")).containsExactly("ok");
    assertThat(g.frames("b")).containsExactly("ok");
    assertThat(g.attempts()).isEqualTo(5);
  }

  @Test
  void providerHandsOutThisGatewayAndRecordsEndpoints() {
    RecordingGateway g = new RecordingGateway();

    assertThat(g.provider().forEndpoint("https://x/dev")).isSameAs(g);
    assertThat(g.endpoints()).containsExactly("https://x/dev");
  }

  @Test
  void isThreadSafe() throws Exception {
    RecordingGateway g = new RecordingGateway();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            g.post("c" + (i % 4), thread + ":" + i);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(g.sent()).hasSize(4_000);
    assertThat(g.frames("c0")).hasSize(1_000);
    assertThat(g.frames("c0").stream().filter(f -> f.startsWith("3:")).toList())
        .isSortedAccordingTo((x, y) -> Integer.compare(Integer.parseInt(x.substring(2)),
            Integer.parseInt(y.substring(2))));
  }
}
