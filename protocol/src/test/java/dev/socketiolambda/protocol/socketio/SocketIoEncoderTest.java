package dev.socketiolambda.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SocketIoEncoderTest {
  private static JsonNode json(String text) {
    return Json.parse(text);
  }

  private static JsonNode bin(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Json.nodes().binaryNode(b);
  }

  static Stream<Arguments> textPackets() {
    return Stream.of(
        Arguments.of("CONNECT without auth", Packet.connect("/", null), "0"),
        Arguments.of("CONNECT with auth", Packet.connect("/", Json.object().put("token", "abc")), "0{\"token\":\"abc\"}"),
        Arguments.of("CONNECT to a namespace", Packet.connect("/admin", Json.object().put("t", 1)), "0/admin,{\"t\":1}"),
        Arguments.of("CONNECT namespace without auth", Packet.connect("/admin", null), "0/admin,"),
        Arguments.of("CONNECT reply", Packet.connected("/", "sid-1"), "0{\"sid\":\"sid-1\"}"),
        Arguments.of("CONNECT reply with pid", Packet.connected("/chat", "s", "p"), "0/chat,{\"sid\":\"s\",\"pid\":\"p\"}"),
        Arguments.of("DISCONNECT", Packet.disconnect("/"), "1"),
        Arguments.of("DISCONNECT namespace", Packet.disconnect("/admin"), "1/admin,"),
        Arguments.of("EVENT", Packet.event("/", "chat", List.of(json("{\"a\":1}")), null), "2[\"chat\",{\"a\":1}]"),
        Arguments.of("EVENT without args", Packet.event("/", "ping", List.of(), null), "2[\"ping\"]"),
        Arguments.of("EVENT with ack id", Packet.event("/", "q", List.of(json("1")), 7L), "27[\"q\",1]"),
        Arguments.of("EVENT namespace and ack id", Packet.event("/chat", "q", List.of(), 0L), "2/chat,0[\"q\"]"),
        Arguments.of("EVENT max ack id", Packet.event("/", "q", List.of(), Packet.MAX_ACK_ID), "29007199254740991[\"q\"]"),
        Arguments.of("EVENT numeric name", new Packet(PacketType.EVENT, "/", null, json("[42,\"x\"]"), 0), "2[42,\"x\"]"),
        Arguments.of("ACK", Packet.ack("/", 1, List.of(json("\"ok\""))), "31[\"ok\"]"),
        Arguments.of("ACK empty", Packet.ack("/", 0, List.of()), "30[]"),
        Arguments.of("ACK namespace", Packet.ack("/admin", 456, List.of(json("null"))), "3/admin,456[null]"),
        Arguments.of("CONNECT_ERROR", Packet.connectError("/", "Not authorized", null), "4{\"message\":\"Not authorized\"}"),
        Arguments.of("CONNECT_ERROR with data", Packet.connectError("/random", "Invalid namespace", json("{\"c\":1}")),
            "4/random,{\"message\":\"Invalid namespace\",\"data\":{\"c\":1}}"),
        Arguments.of("CONNECT_ERROR string", new Packet(PacketType.CONNECT_ERROR, "/", null, json("\"no\""), 0), "4\"no\""),
        Arguments.of("empty namespace means main", new Packet(PacketType.EVENT, "", null, json("[\"e\"]"), 0), "2[\"e\"]"),
        Arguments.of("JSON null data is left out", new Packet(PacketType.CONNECT, "/", null, json("null"), 0), "0"),
        Arguments.of("unicode and lone surrogates", Packet.event("/ü", "é", List.of(Json.nodes().textNode("😀\ud800")), null),
            "2/ü,[\"é\",\"😀\\ud800\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textPackets")
  void encodesTextPacketsAsOneHeader(String name, Packet packet, String expected) {
    EncodedPacket encoded = SocketIoEncoder.encode(packet);

    assertThat(encoded.header()).isEqualTo(expected);
    assertThat(encoded.attachments()).isEmpty();
    assertThat(SocketIoEncoder.encodeText(packet)).isEqualTo(expected);
  }

  @Test
  void encodesBinaryEventWithTwoAttachmentsInPlaceholderOrder() {
    ObjectNode file = Json.object().put("name", "a.bin");
    file.set("data", bin(3, 4));
    Packet p = Packet.event("/", "upload", List.of(bin(1, 2), file), null);

    EncodedPacket encoded = SocketIoEncoder.encode(p);

    assertThat(encoded.header()).isEqualTo("52-[\"upload\",{\"_placeholder\":true,\"num\":0},"
        + "{\"name\":\"a.bin\",\"data\":{\"_placeholder\":true,\"num\":1}}]");
    assertThat(encoded.attachments()).containsExactly(new byte[] {1, 2}, new byte[] {3, 4});
  }

  /** socket.io-parser numbers placeholders in JavaScript key order: array-index keys first (vector from Node). */
  @Test
  void numbersPlaceholdersInJavaScriptKeyOrder() {
    ObjectNode o = Json.object();
    o.putArray("").add(bin(1));
    o.putObject("0").set("b", bin(2));

    EncodedPacket encoded = SocketIoEncoder.encode(Packet.event("/", "e", List.of(o), null));

    assertThat(encoded.header()).isEqualTo(
        "52-[\"e\",{\"0\":{\"b\":{\"_placeholder\":true,\"num\":0}},\"\":[{\"_placeholder\":true,\"num\":1}]}]");
    assertThat(encoded.attachments()).containsExactly(new byte[] {2}, new byte[] {1});
  }

  @Test
  void encodesBinaryEventWithNamespaceAndAckId() {
    Packet p = Packet.event("/files", "put", List.of(bin(9)), 12L);

    assertThat(SocketIoEncoder.encode(p).header()).isEqualTo("51-/files,12[\"put\",{\"_placeholder\":true,\"num\":0}]");
  }

  @Test
  void encodesBinaryAck() {
    ArrayNode nested = Json.array().add(bin(1)).add(Json.object().set("x", bin(2)));
    Packet p = Packet.ack("/admin", 5, List.of(nested));

    EncodedPacket encoded = SocketIoEncoder.encode(p);

    assertThat(encoded.header()).isEqualTo("62-/admin,5[[{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}}]]");
    assertThat(encoded.attachments()).containsExactly(new byte[] {1}, new byte[] {2});
  }

  @Test
  void encodesAnEmptyBinaryValueAsAnAttachment() {
    EncodedPacket encoded = SocketIoEncoder.encode(Packet.event("/", "e", List.of(bin()), null));

    assertThat(encoded.header()).isEqualTo("51-[\"e\",{\"_placeholder\":true,\"num\":0}]");
    assertThat(encoded.engineFrames()).containsExactly("451-[\"e\",{\"_placeholder\":true,\"num\":0}]", "b");
  }

  @Test
  void leavesThePacketDataUntouchedWhenExtractingAttachments() {
    ArrayNode data = Json.array().add("e").add(bin(1));
    Packet p = new Packet(PacketType.EVENT, "/", null, data, 0);

    SocketIoEncoder.encode(p);

    assertThat(data.get(1).isBinary()).isTrue();
  }

  @Test
  void refusesBinaryTypesBecauseTheyAreDerived() {
    Packet header = new Packet(PacketType.BINARY_EVENT, "/", null, json("[\"e\"]"), 1);

    assertThatThrownBy(() -> SocketIoEncoder.encode(header)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeTextRefusesPacketsWithAttachments() {
    assertThatThrownBy(() -> SocketIoEncoder.encodeText(Packet.event("/", "e", List.of(bin(1)), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use encode()");
  }

  @Test
  void refusesBinaryValuesOutsideEventsAndAcks() {
    ObjectNode auth = Json.object();
    auth.set("key", bin(1));

    assertThatThrownBy(() -> SocketIoEncoder.encode(Packet.connect("/", auth)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attachments");
  }

  @Test
  void findsBinaryValuesAtAnyDepth() {
    assertThat(SocketIoEncoder.hasBinary(json("[1,{\"a\":[2,\"x\"]}]"))).isFalse();
    assertThat(SocketIoEncoder.hasBinary(Json.array().add(Json.object().set("a", Json.array().add(bin(1))))))
        .isTrue();
    assertThat(SocketIoEncoder.hasBinary(bin())).isTrue();
  }

  @Test
  void roundTripsThroughTheDecoder() {
    Packet p = Packet.event("/chat", "msg", List.of(json("{\"text\":\"hi\",\"n\":[1,2.5,-3]}")), 99L);

    Packet decoded = SocketIoDecoder.standard().decode(SocketIoEncoder.encodeText(p));

    assertThat(decoded).isEqualTo(p);
  }
}
