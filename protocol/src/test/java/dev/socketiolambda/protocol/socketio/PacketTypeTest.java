package dev.socketiolambda.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketTypeTest {
  @ParameterizedTest
  @CsvSource({"CONNECT,0,false", "DISCONNECT,1,false", "EVENT,2,false", "ACK,3,false", "CONNECT_ERROR,4,false",
      "BINARY_EVENT,5,true", "BINARY_ACK,6,true"})
  void usesTheWireDigitsOfSocketIoV5(PacketType type, char code, boolean binary) {
    assertThat(type.code()).isEqualTo(code);
    assertThat(type.isBinary()).isEqualTo(binary);
    assertThat(PacketType.fromCode(code)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({"7", "/", "a", "' '"})
  void knowsNoOtherCodes(char code) {
    assertThat(PacketType.fromCode(code)).isNull();
  }
}
