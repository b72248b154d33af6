package dev.socketiolambda.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SocketIoDecoderTest {
  private final SocketIoDecoder decoder = SocketIoDecoder.standard();

  static Stream<Arguments> validPackets() {
    return Stream.of(
        // text, type, namespace, ack id, data (JSON text or null), attachments
        Arguments.of("0", PacketType.CONNECT, "/", null, null, 0),
        Arguments.of("0{}", PacketType.CONNECT, "/", null, "{}", 0),
        Arguments.of("0{\"token\":\"abc\"}", PacketType.CONNECT, "/", null, "{\"token\":\"abc\"}", 0),
        Arguments.of("0/admin,", PacketType.CONNECT, "/admin", null, null, 0),
        Arguments.of("0/admin", PacketType.CONNECT, "/admin", null, null, 0),
        Arguments.of("0/admin,{\"token\":\"abc\"}", PacketType.CONNECT, "/admin", null, "{\"token\":\"abc\"}", 0),
        Arguments.of("0{\"sid\":\"x\",\"pid\":\"y\"}", PacketType.CONNECT, "/", null, "{\"sid\":\"x\",\"pid\":\"y\"}", 0),
        Arguments.of("1", PacketType.DISCONNECT, "/", null, null, 0),
        Arguments.of("1/admin,", PacketType.DISCONNECT, "/admin", null, null, 0),
        Arguments.of("2[\"chat\"]", PacketType.EVENT, "/", null, "[\"chat\"]", 0),
        Arguments.of("2[\"chat\",\"hi\",{\"a\":1}]", PacketType.EVENT, "/", null, "[\"chat\",\"hi\",{\"a\":1}]", 0),
        Arguments.of("21[\"chat\"]", PacketType.EVENT, "/", 1L, "[\"chat\"]", 0),
        Arguments.of("2/chat,42[\"send\",1]", PacketType.EVENT, "/chat", 42L, "[\"send\",1]", 0),
        Arguments.of("2[42,\"numeric name\"]", PacketType.EVENT, "/", null, "[42,\"numeric name\"]", 0),
        Arguments.of("2[1.5]", PacketType.EVENT, "/", null, "[1.5]", 0),
        Arguments.of("2", PacketType.EVENT, "/", null, null, 0),
        Arguments.of("29007199254740991[\"x\"]", PacketType.EVENT, "/", 9_007_199_254_740_991L, "[\"x\"]", 0),
        Arguments.of("2007[\"x\"]", PacketType.EVENT, "/", 7L, "[\"x\"]", 0),
        Arguments.of("2 [\"spaces around\"] ", PacketType.EVENT, "/", null, "[\"spaces around\"]", 0),
        Arguments.of("3[]", PacketType.ACK, "/", null, "[]", 0),
        Arguments.of("31[]", PacketType.ACK, "/", 1L, "[]", 0),
        Arguments.of("31", PacketType.ACK, "/", 1L, null, 0),
        Arguments.of("3/admin,13[\"ok\",{\"a\":[1,2]}]", PacketType.ACK, "/admin", 13L, "[\"ok\",{\"a\":[1,2]}]", 0),
        Arguments.of("4{\"message\":\"Not authorized\"}", PacketType.CONNECT_ERROR, "/", null,
            "{\"message\":\"Not authorized\"}", 0),
        Arguments.of("4/admin,{\"message\":\"no\",\"data\":{\"code\":4}}", PacketType.CONNECT_ERROR, "/admin", null,
            "{\"message\":\"no\",\"data\":{\"code\":4}}", 0),
        Arguments.of("4\"Not authorized\"", PacketType.CONNECT_ERROR, "/", null, "\"Not authorized\"", 0),
        Arguments.of("51-[\"up\",{\"_placeholder\":true,\"num\":0}]", PacketType.BINARY_EVENT, "/", null,
            "[\"up\",{\"_placeholder\":true,\"num\":0}]", 1),
        Arguments.of("52-/files,9[\"up\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]",
            PacketType.BINARY_EVENT, "/files", 9L,
            "[\"up\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]", 2),
        Arguments.of("510-[\"ten\"]", PacketType.BINARY_EVENT, "/", null, "[\"ten\"]", 10),
        Arguments.of("501-[\"leading zero count\"]", PacketType.BINARY_EVENT, "/", null, "[\"leading zero count\"]", 1),
        Arguments.of("51-", PacketType.BINARY_EVENT, "/", null, null, 1),
        Arguments.of("61-3[{\"_placeholder\":true,\"num\":0}]", PacketType.BINARY_ACK, "/", 3L,
            "[{\"_placeholder\":true,\"num\":0}]", 1),
        Arguments.of("61-/admin,3[{\"_placeholder\":true,\"num\":0}]", PacketType.BINARY_ACK, "/admin", 3L,
            "[{\"_placeholder\":true,\"num\":0}]", 1),
        Arguments.of("2/ns-ü😀,[\"é\",\"😀\"]", PacketType.EVENT, "/ns-ü😀", null, "[\"é\",\"😀\"]", 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validPackets")
  void decodesEveryPacketType(String text, PacketType type, String nsp, Long id, String data, int attachments) {
    Packet p = decoder.decode(text);

    assertThat(p.type()).isEqualTo(type);
    assertThat(p.namespace()).isEqualTo(nsp);
    assertThat(p.id()).isEqualTo(id);
    assertThat(p.data() == null ? null : Json.write(p.data())).isEqualTo(data);
    assertThat(p.attachments()).isEqualTo(attachments);
  }

  static Stream<Arguments> rejectedPackets() {
    return Stream.of(
        // rule, text, expected message fragment
        Arguments.of("unknown type 7", "7", "unknown packet type"),
        Arguments.of("unknown type letter", "a[\"x\"]", "unknown packet type"),
        Arguments.of("unknown type minus", "-1", "unknown packet type"),
        Arguments.of("unknown type whitespace", " 2[\"x\"]", "unknown packet type"),
        Arguments.of("attachments: no count", "5-[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: no dash", "51[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: nothing after type", "5", "Illegal attachments"),
        Arguments.of("attachments: not a number", "5a-[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: decimal", "51.0-[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: sign", "5+1-[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: zero", "50-[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: zero on binary ack", "60-1[]", "Illegal attachments"),
        Arguments.of("attachments: ten digits", "51234567890-[\"a\"]", "Illegal attachments"),
        Arguments.of("attachments: 11 > 10", "511-[\"a\"]", "too many attachments"),
        Arguments.of("attachments: 999999999", "5999999999-[\"a\"]", "too many attachments"),
        Arguments.of("CONNECT payload array", "0[]", "CONNECT payload must be an object"),
        Arguments.of("CONNECT payload string", "0\"token\"", "CONNECT payload must be an object"),
        Arguments.of("CONNECT payload null", "0null", "CONNECT payload must be an object"),
        Arguments.of("CONNECT payload boolean in namespace", "0/admin,true", "CONNECT payload must be an object"),
        Arguments.of("DISCONNECT with object", "1{}", "DISCONNECT carries no payload"),
        Arguments.of("DISCONNECT with namespace and object", "1/admin,{\"a\":1}", "DISCONNECT carries no payload"),
        Arguments.of("DISCONNECT with string", "1\"bye\"", "DISCONNECT carries no payload"),
        Arguments.of("DISCONNECT with array", "1[]", "DISCONNECT carries no payload"),
        Arguments.of("CONNECT_ERROR array", "4[\"err\"]", "CONNECT_ERROR payload must be a string or an object"),
        Arguments.of("CONNECT_ERROR null", "4null", "CONNECT_ERROR payload must be a string or an object"),
        Arguments.of("CONNECT_ERROR boolean", "4/admin,true", "CONNECT_ERROR payload must be a string or an object"),
        Arguments.of("EVENT object", "2{\"a\":1}", "EVENT payload must be an array"),
        Arguments.of("EVENT string", "2\"chat\"", "EVENT payload must be an array"),
        Arguments.of("EVENT null", "2null", "EVENT payload must be an array"),
        Arguments.of("EVENT empty array", "2[]", "EVENT payload must start with an event name"),
        Arguments.of("EVENT empty array with id", "21[]", "EVENT payload must start with an event name"),
        Arguments.of("EVENT reserved connect", "2[\"connect\"]", "reserved event name"),
        Arguments.of("EVENT reserved connect_error", "2[\"connect_error\",1]", "reserved event name"),
        Arguments.of("EVENT reserved disconnect", "2[\"disconnect\"]", "reserved event name"),
        Arguments.of("EVENT reserved disconnecting", "2/admin,[\"disconnecting\"]", "reserved event name"),
        Arguments.of("EVENT reserved newListener", "2[\"newListener\"]", "reserved event name"),
        Arguments.of("EVENT reserved removeListener", "23[\"removeListener\"]", "reserved event name"),
        Arguments.of("EVENT name null", "2[null]", "event name must be a string or a number"),
        Arguments.of("EVENT name object", "2[{\"a\":1}]", "event name must be a string or a number"),
        Arguments.of("EVENT name array", "2[[\"a\"]]", "event name must be a string or a number"),
        Arguments.of("EVENT name boolean", "2[true]", "event name must be a string or a number"),
        Arguments.of("BINARY_EVENT reserved name", "51-[\"disconnect\",{\"_placeholder\":true,\"num\":0}]",
            "reserved event name"),
        Arguments.of("BINARY_EVENT object", "51-{\"a\":{\"_placeholder\":true,\"num\":0}}", "EVENT payload must be an array"),
        Arguments.of("ACK object", "31{\"a\":1}", "ACK payload must be an array"),
        Arguments.of("ACK string", "31\"ok\"", "ACK payload must be an array"),
        Arguments.of("ACK null", "3/admin,1null", "ACK payload must be an array"),
        Arguments.of("BINARY_ACK object", "61-1{\"a\":{\"_placeholder\":true,\"num\":0}}", "ACK payload must be an array"),
        Arguments.of("trailing garbage", "2[\"a\"]x", "invalid payload"),
        Arguments.of("trailing bracket", "2[\"a\"]]", "invalid payload"),
        Arguments.of("two values", "2[\"a\"][\"b\"]", "invalid payload"),
        Arguments.of("two objects", "0{}{}", "invalid payload"),
        Arguments.of("invalid JSON: unterminated", "2[\"a\"", "invalid JSON"),
        Arguments.of("invalid JSON: trailing comma", "2[\"a\",]", "invalid JSON"),
        Arguments.of("invalid JSON: single quotes", "2['a']", "invalid JSON"),
        Arguments.of("invalid JSON: NaN", "2[\"a\",NaN]", "invalid JSON"),
        Arguments.of("invalid JSON: leading zero", "2[\"a\",01]", "invalid JSON"),
        Arguments.of("invalid JSON: bad escape", "2[\"\\x\"]", "invalid JSON"),
        Arguments.of("invalid JSON: raw control character", "2[\"a\tb\"]", "invalid JSON"),
        Arguments.of("invalid JSON: unquoted key", "0{a:1}", "invalid JSON"),
        Arguments.of("invalid JSON: comment", "2[\"a\"/*c*/]", "invalid JSON"),
        Arguments.of("invalid JSON: only whitespace", "2 ", "invalid JSON"),
        Arguments.of("placeholder index too large", "51-[\"a\",{\"_placeholder\":true,\"num\":1}]", "illegal attachments"),
        Arguments.of("placeholder index negative", "51-[\"a\",{\"_placeholder\":true,\"num\":-1}]", "illegal attachments"),
        Arguments.of("placeholder index string", "51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", "illegal attachments"),
        Arguments.of("placeholder index missing", "51-[\"a\",{\"_placeholder\":true}]", "illegal attachments"),
        Arguments.of("placeholder index fractional", "52-[\"a\",{\"_placeholder\":true,\"num\":0.5}]", "illegal attachments"),
        Arguments.of("placeholder nested too large", "62-1[{\"x\":[{\"_placeholder\":true,\"num\":2}]}]", "illegal attachments"),
        Arguments.of("ack id 2^53", "29007199254740992[\"x\"]", "ack id out of range"),
        Arguments.of("ack id of 17 digits", "212345678901234567[\"x\"]", "ack id out of range"),
        Arguments.of("ack id of 20 digits", "399999999999999999999[]", "ack id out of range"),
        Arguments.of("ack id of 17 digits with leading zeros", "200000000000000001[\"x\"]", "ack id out of range"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("rejectedPackets")
  void rejectsEveryRuleOfTheReferenceParser(String rule, String text, String message) {
    assertThatThrownBy(() -> decoder.decode(text))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsEmptyInput(String text) {
    assertThatThrownBy(() -> decoder.decode(text)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("empty socket.io packet");
  }

  @Test
  void acceptsPlaceholdersOnlyInBinaryPackets() {
    Packet p = decoder.decode("2[\"a\",{\"_placeholder\":true,\"num\":5}]");

    assertThat(p.type()).isEqualTo(PacketType.EVENT);
    assertThat(p.args().get(0).get("num").intValue()).isEqualTo(5);
  }

  @Test
  void ignoresObjectsWhosePlaceholderFlagIsNotTrue() {
    Packet p = decoder.decode("51-[\"a\",{\"_placeholder\":false,\"num\":7},{\"_placeholder\":\"true\",\"num\":9}]");

    assertThat(p.attachments()).isEqualTo(1);
  }

  @Test
  void readsNamespaceUpToTheFirstComma() {
    Packet p = decoder.decode("2/a/b?x=1,[\"e\"]");

    assertThat(p.namespace()).isEqualTo("/a/b?x=1");
  }

  @Test
  void treatsANamespaceWithoutCommaAsRunningToTheEnd() {
    assertThat(decoder.decode("2/admin{}").namespace()).isEqualTo("/admin{}");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10})
  void honoursAConfiguredAttachmentLimit(int limit) {
    SocketIoDecoder custom = SocketIoDecoder.withMaxAttachments(limit);

    assertThat(custom.decode("5" + limit + "-[\"a\"]").attachments()).isEqualTo(limit);
    assertThatThrownBy(() -> custom.decode("5" + (limit + 1) + "-[\"a\"]"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("too many attachments");
  }

  @Test
  void refusesANonPositiveAttachmentLimit() {
    assertThatThrownBy(() -> SocketIoDecoder.withMaxAttachments(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  @Test
  void keepsTheLargestSafeAckId() {
    assertThat(decoder.decode("39007199254740991[]").id()).isEqualTo(Packet.MAX_ACK_ID);
  }

  @Test
  void rejectsJsonNestedDeeperThanTheLimit() {
    String deep = "2[\"a\"," + "[".repeat(600) + "]".repeat(600) + "]";

    assertThatThrownBy(() -> decoder.decode(deep)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void decodesUnicodeEscapesAndLoneSurrogates() {
    Packet p = decoder.decode("2[\"e\",\"\\ud800x\\u00e9\",\"\\ud83d\\ude00\"]");

    assertThat(p.args().get(0).textValue()).isEqualTo("\ud800x\u00e9");
    assertThat(p.args().get(1).textValue()).isEqualTo("😀");
  }
}
