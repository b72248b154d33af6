package dev.socketiolambda.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.protocol.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPacketTest {
  @Test
  void writesExactlyTheFiveHandshakeKeysInReferenceOrder() {
    OpenPacket open = OpenPacket.of("lv_VI97HAXpY6yYWAAAC", 25000, 20000, 1000000);

    assertThat(open.toJson()).isEqualTo("{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":25000,"
        + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
    assertThat(open.toFrame()).isEqualTo("0" + open.toJson());
  }

  @Test
  void writesUpgradesAndEscapesTheSid() {
    OpenPacket open = new OpenPacket("a\"b", List.of("websocket", "webtransport"), 1, 1, 1);

    assertThat(open.toJson()).startsWith("{\"sid\":\"a\\\"b\",\"upgrades\":[\"websocket\",\"webtransport\"],");
  }

  @Test
  void parsesWhatItWrites() {
    OpenPacket open = new OpenPacket("sid", List.of("websocket"), 300, 200, 1_000_000);

    assertThat(OpenPacket.parse(open.toJson())).isEqualTo(open);
  }

  @Test
  void parsesTheReferenceServersOpenPacketIgnoringUnknownKeys() {
    OpenPacket open = OpenPacket.parse(
        "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1e6,\"extra\":1}");

    assertThat(open).isEqualTo(OpenPacket.of("x", 25000, 20000, 1_000_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "{\"upgrades\":[],\"pingInterval\":1,\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":1,\"upgrades\":[],\"pingInterval\":1,\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":\"websocket\",\"pingInterval\":1,\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":1.5,\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":\"1\",\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":0,\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":1,\"pingTimeout\":1,\"maxPayload\":0}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":2147483647,\"pingTimeout\":1,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":1e30,\"pingTimeout\":1e30,\"maxPayload\":1}",
      "{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":9223372036854775808,\"pingTimeout\":1,\"maxPayload\":1}",
      "not json"})
  void rejectsInvalidOpenPackets(String json) {
    assertThatThrownBy(() -> OpenPacket.parse(json)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void acceptsTimersUpToTheJavaScriptLimit() {
    OpenPacket open = OpenPacket.of("x", OpenPacket.MAX_TIMER_MS - 1, 1, 1);

    assertThat(open.pingInterval() + open.pingTimeout()).isEqualTo(OpenPacket.MAX_TIMER_MS);
  }

  @Test
  void rejectsTimersBeyondTheJavaScriptLimit() {
    assertThatThrownBy(() -> OpenPacket.of("x", OpenPacket.MAX_TIMER_MS, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2147483647");
  }

  @Test
  void rejectsTimersWhoseSumOverflowsALong() {
    assertThatThrownBy(() -> OpenPacket.of("x", Long.MAX_VALUE, Long.MAX_VALUE, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JavaScript timer limit");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void rejectsNonPositiveSettings(long value) {
    assertThatThrownBy(() -> OpenPacket.of("x", value, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenPacket.of("x", 1, value, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenPacket.of("x", 1, 1, value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsAnImmutableCopyOfTheUpgrades() {
    java.util.ArrayList<String> upgrades = new java.util.ArrayList<>(List.of("websocket"));
    OpenPacket open = new OpenPacket("x", upgrades, 1, 1, 1);

    upgrades.clear();

    assertThat(open.upgrades()).containsExactly("websocket");
  }
}
