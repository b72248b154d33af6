package dev.socketiolambda.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.protocol.ProtocolException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineIoTest {
  private static final String OPEN_JSON =
      "{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";

  static Stream<Arguments> textPackets() {
    return Stream.of(
        Arguments.of(new EnginePacket(EngineType.OPEN, OPEN_JSON, null), "0" + OPEN_JSON),
        Arguments.of(EnginePacket.close(), "1"),
        Arguments.of(EnginePacket.ping(), "2"),
        Arguments.of(new EnginePacket(EngineType.PING, "probe", null), "2probe"),
        Arguments.of(EnginePacket.pong(), "3"),
        Arguments.of(EnginePacket.pong("probe"), "3probe"),
        Arguments.of(EnginePacket.message("hello"), "4hello"),
        Arguments.of(EnginePacket.message("2[\"chat\",\"😀\\ud800\"]"), "42[\"chat\",\"😀\\ud800\"]"),
        Arguments.of(EnginePacket.message("a\u001eb"), "4a\u001eb"),
        Arguments.of(new EnginePacket(EngineType.UPGRADE, null, null), "5"),
        Arguments.of(EnginePacket.noop(), "6"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("textPackets")
  void encodesEveryPacketTypeAsText(EnginePacket packet, String frame) {
    assertThat(EngineIo.encode(packet)).isEqualTo(frame);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("textPackets")
  void decodesEveryPacketTypeFromText(EnginePacket packet, String frame) {
    assertThat(EngineIo.decode(frame)).isEqualTo(packet);
  }

  static Stream<Arguments> binaryPackets() {
    return Stream.of(
        Arguments.of(new byte[0], "b"),
        Arguments.of(new byte[] {(byte) 0xff}, "b/w=="),
        Arguments.of(new byte[] {0, (byte) 0xfe}, "bAP4="),
        Arguments.of(new byte[] {1, 2, 3}, "bAQID"),
        Arguments.of("hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "baGVsbG8gd29ybGQ="));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("binaryPackets")
  void encodesBinaryAsBase64Text(byte[] data, String frame) {
    assertThat(EngineIo.encode(EnginePacket.binary(data))).isEqualTo(frame);
    assertThat(EngineIo.encodeBinary(data)).isEqualTo(frame);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("binaryPackets")
  void decodesBase64TextAsBinaryMessage(byte[] data, String frame) {
    EnginePacket p = EngineIo.decode(frame);

    assertThat(p.type()).isEqualTo(EngineType.MESSAGE);
    assertThat(p.isBinary()).isTrue();
    assertThat(p.text()).isNull();
    assertThat(p.binary()).isEqualTo(data);
  }

  @Test
  void decodesUnpaddedBase64() {
    assertThat(EngineIo.decode("b/w").binary()).containsExactly(0xff);
  }

  @Test
  void decodesARawBinaryFrameAsABinaryMessage() {
    byte[] raw = {9, 8, 7};

    EnginePacket p = EngineIo.decode(raw);
    raw[0] = 0;

    assertThat(p).isEqualTo(EnginePacket.binary(new byte[] {9, 8, 7}));
  }

  @Test
  void encodesAMessageDirectly() {
    assertThat(EngineIo.encodeMessage("2[\"e\"]")).isEqualTo("42[\"e\"]");
  }

  @Test
  void encodesAnEmptyMessageAsTheTypeAlone() {
    assertThat(EngineIo.encode(EnginePacket.message(""))).isEqualTo("4");
    assertThat(EngineIo.decode("4")).isEqualTo(new EnginePacket(EngineType.MESSAGE, null, null));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsAnEmptyFrame(String frame) {
    assertThatThrownBy(() -> EngineIo.decode(frame)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "9x", "x", "B", " 4", "-1", "\u001e", "\u00004"})
  void rejectsUnknownPacketTypes(String frame) {
    assertThatThrownBy(() -> EngineIo.decode(frame)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unknown engine.io packet type");
  }

  @Test
  void namesUnprintableTypeCharactersInTheMessage() {
    assertThatThrownBy(() -> EngineIo.decode("\u0001x")).hasMessageContaining("\\u0001");
  }

  @ParameterizedTest
  @ValueSource(strings = {"b!!!", "b-_-_", "bAQID\n", "bA", "b====", "b AQID"})
  void rejectsInvalidBase64(String frame) {
    assertThatThrownBy(() -> EngineIo.decode(frame)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("invalid base64");
  }

  @Test
  void rejectsANullRawFrame() {
    assertThatThrownBy(() -> EngineIo.decode((byte[]) null)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void encodesPollingPayloadsWithTheRecordSeparator() {
    List<EnginePacket> packets = List.of(EnginePacket.open(OpenPacket.of("x", 25000, 20000, 1000000)),
        EnginePacket.message("40{\"sid\":\"y\"}"), EnginePacket.ping(), EnginePacket.binary(new byte[] {1, 2, 3}),
        EnginePacket.noop());

    String payload = EngineIo.encodePayload(packets);

    assertThat(payload).isEqualTo("0{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
        + "\"maxPayload\":1000000}\u001e440{\"sid\":\"y\"}\u001e2\u001ebAQID\u001e6");
    assertThat(EngineIo.decodePayload(payload)).isEqualTo(packets);
  }

  @Test
  void encodesAPayloadOfOnePacketWithoutSeparator() {
    assertThat(EngineIo.encodePayload(List.of(EnginePacket.message("x")))).isEqualTo("4x");
    assertThat(EngineIo.encodePayload(List.of())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u001e", "4a\u001e", "4a\u001e\u001e4b", "4a\u001e7b", "\u001e4a", "4a\u001eb!!"})
  void rejectsAPayloadWithAnyBadPacket(String payload) {
    assertThatThrownBy(() -> EngineIo.decodePayload(payload)).isInstanceOf(ProtocolException.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsAnEmptyPayload(String payload) {
    assertThatThrownBy(() -> EngineIo.decodePayload(payload)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("empty engine.io payload");
  }
}
