package dev.socketiolambda.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnginePacketTest {
  @ParameterizedTest
  @EnumSource(value = EngineType.class, names = "MESSAGE", mode = EnumSource.Mode.EXCLUDE)
  void allowsBinaryDataOnlyOnMessages(EngineType type) {
    assertThatThrownBy(() -> new EnginePacket(type, null, new byte[1])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(type.name());
  }

  @Test
  void refusesTextAndBinaryTogether() {
    assertThatThrownBy(() -> new EnginePacket(EngineType.MESSAGE, "x", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requiresAType() {
    assertThatThrownBy(() -> new EnginePacket(null, null, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void copiesBinaryDataInAndOut() {
    byte[] data = {1, 2};
    EnginePacket p = EnginePacket.binary(data);

    data[0] = 9;
    p.binary()[1] = 9;

    assertThat(p.binary()).containsExactly(1, 2);
  }

  @Test
  void comparesBinaryDataByContent() {
    assertThat(EnginePacket.binary(new byte[] {1, 2})).isEqualTo(EnginePacket.binary(new byte[] {1, 2}))
        .hasSameHashCodeAs(EnginePacket.binary(new byte[] {1, 2}))
        .isNotEqualTo(EnginePacket.binary(new byte[] {1, 3}))
        .isNotEqualTo(EnginePacket.message("x"));
  }

  @Test
  void buildsControlPacketsWithoutData() {
    assertThat(EnginePacket.ping()).isEqualTo(new EnginePacket(EngineType.PING, null, null));
    assertThat(EnginePacket.pong()).isEqualTo(new EnginePacket(EngineType.PONG, null, null));
    assertThat(EnginePacket.pong(null)).isSameAs(EnginePacket.pong());
    assertThat(EnginePacket.noop().type()).isEqualTo(EngineType.NOOP);
    assertThat(EnginePacket.close().type()).isEqualTo(EngineType.CLOSE);
    assertThat(EnginePacket.ping().isBinary()).isFalse();
  }

  @Test
  void buildsTheOpenPacketFromHandshakeData() {
    EnginePacket p = EnginePacket.open(OpenPacket.of("s", 1, 2, 3));

    assertThat(p.type()).isEqualTo(EngineType.OPEN);
    assertThat(p.text()).isEqualTo("{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":1,\"pingTimeout\":2,\"maxPayload\":3}");
  }

  @Test
  void refusesNullMessageTextOrData() {
    assertThatThrownBy(() -> EnginePacket.message(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> EnginePacket.binary(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void describesItselfWithoutDumpingBinaryData() {
    assertThat(EnginePacket.binary(new byte[3])).hasToString("EnginePacket[MESSAGE, 3 bytes]");
    assertThat(EnginePacket.message("hi")).hasToString("EnginePacket[MESSAGE, hi]");
    assertThat(EnginePacket.ping()).hasToString("EnginePacket[PING]");
  }
}
