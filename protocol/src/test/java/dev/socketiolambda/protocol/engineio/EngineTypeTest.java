package dev.socketiolambda.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineTypeTest {
  @ParameterizedTest
  @CsvSource({"OPEN,0", "CLOSE,1", "PING,2", "PONG,3", "MESSAGE,4", "UPGRADE,5", "NOOP,6"})
  void usesTheWireCodesOfEngineIoV4(EngineType type, char code) {
    assertThat(type.code()).isEqualTo(code);
    assertThat(EngineType.fromCode(code)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({"7", "b", "/", "' '"})
  void knowsNoOtherCodes(char code) {
    assertThat(EngineType.fromCode(code)).isNull();
  }
}
