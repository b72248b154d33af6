package dev.socketiolambda.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sockets per namespace: counted by the heartbeat now and then, one EMF line per namespace. */
class SocketsGaugeTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_764_860_400_000L; // a whole 5 minutes (2025-12-04T15:00Z)

  private final EmfLines emf = new EmfLines();
  private final Meter meter = new Meter();
  private final AtomicInteger counts = new AtomicInteger();

  private Map<String, Integer> count() {
    counts.incrementAndGet();
    return Map.of("/", 3, "/chat", 1);
  }

  @Test
  void countsOnTheFirstTickThenOncePerPeriodOfTheScheduledTime() {
    SocketsGauge gauge = new SocketsGauge(5);

    assertThat(gauge.onTick(T0 + 2 * MINUTE, this::count, emf.log(), meter)).hasSize(2); // first tick of the instance
    assertThat(gauge.onTick(T0 + 4 * MINUTE, this::count, emf.log(), meter)).isEmpty();
    assertThat(gauge.onTick(T0 + 5 * MINUTE, this::count, emf.log(), meter)).hasSize(2);
    assertThat(gauge.onTick(T0 + 9 * MINUTE, this::count, emf.log(), meter)).isEmpty();

    assertThat(counts).hasValue(2);
    assertThat(emf.lines).hasSize(4);
  }

  @Test
  void zeroMinutesCountsOnEveryTick() {
    SocketsGauge gauge = SocketsGauge.from(Map.of("SOCKETIO_SOCKETS_GAUGE_MINUTES", "0"));

    gauge.onTick(T0, this::count, emf.log(), meter);
    gauge.onTick(T0, this::count, emf.log(), meter);

    assertThat(counts).hasValue(2);
  }

  @Test
  void eachNamespaceIsOneLineWithItsOwnDimensionAndTheMeterKeepsTheLastCounts() {
    new SocketsGauge(5).onTick(T0, this::count, emf.log(), meter);

    JsonNode chat = emf.lines.stream().map(EmfLines::validEmf)
        .filter(l -> l.path(SocketsGauge.DIMENSION).asText().equals("/chat")).findFirst().orElseThrow();
    assertThat(chat.path("Sockets").asLong()).isEqualTo(1);
    assertThat(chat.path("Service").asText()).isEqualTo("harness");
    assertThat(chat.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0))
        .extracting(JsonNode::asText).containsExactly("Service", "SocketNamespace");
    assertThat(EmfLines.metricNames(chat)).containsExactly("Sockets");
    assertThat(meter.labelledGauges()).containsEntry("Sockets", Map.of("/", 3L, "/chat", 1L));
  }

  @Test
  void aBadSettingIsRefusedWithItsName() {
    assertThatThrownBy(() -> SocketsGauge.from(Map.of("SOCKETIO_SOCKETS_GAUGE_MINUTES", "five")))
        .hasMessageContaining("SOCKETIO_SOCKETS_GAUGE_MINUTES");
    assertThatThrownBy(() -> SocketsGauge.from(Map.of("SOCKETIO_SOCKETS_GAUGE_MINUTES", "-1")))
        .hasMessageContaining("SOCKETIO_SOCKETS_GAUGE_MINUTES");
  }

  @Test
  void nothingIsWrittenWhenTheLogIsOff() {
    new SocketsGauge(5).onTick(T0, this::count, InvocationLog.off(), meter);

    assertThat(emf.lines).isEmpty();
    assertThat(meter.labelledGauges().get("Sockets")).containsEntry("/", 3L);
  }
}
