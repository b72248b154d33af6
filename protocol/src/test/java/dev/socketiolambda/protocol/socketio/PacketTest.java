package dev.socketiolambda.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PacketTest {
  @ParameterizedTest
  @NullAndEmptySource
  void defaultsTheNamespaceToMain(String namespace) {
    assertThat(new Packet(PacketType.DISCONNECT, namespace, null, null, 0).namespace()).isEqualTo("/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", "/a,b", "/chat,", " /chat", ","})
  void rejectsNamespacesTheWireFormatCannotCarry(String namespace) {
    assertThatThrownBy(() -> Packet.event(namespace, "e", List.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a namespace must start with '/' and contain no ',', was '" + namespace + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/chat", "/a/b", "/dyn-42", "/\u00e9t\u00e9", "/a b"})
  void acceptsNamespacesThatRoundTrip(String namespace) {
    Packet p = Packet.event(namespace, "e", List.of(), 1L);
    assertThat(SocketIoDecoder.standard().decode(SocketIoEncoder.encodeText(p)).namespace()).isEqualTo(namespace);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, -3, Packet.MAX_ACK_ID + 1, Long.MAX_VALUE, Long.MIN_VALUE})
  void rejectsAckIdsOutsideTheSafeIntegerRange(long id) {
    assertThatThrownBy(() -> new Packet(PacketType.EVENT, "/", id, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was " + id);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, Packet.MAX_ACK_ID})
  void acceptsAckIdsFromZeroToMaxSafeInteger(long id) {
    assertThat(Packet.ack("/", id, List.of()).id()).isEqualTo(id);
  }

  @Test
  void allowsAttachmentsOnlyOnBinaryTypes() {
    assertThatThrownBy(() -> new Packet(PacketType.EVENT, "/", null, null, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Packet(PacketType.BINARY_EVENT, "/", null, null, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Packet(PacketType.BINARY_ACK, "/", 1L, null, 2).attachments()).isEqualTo(2);
  }

  @Test
  void requiresAType() {
    assertThatThrownBy(() -> new Packet(null, "/", null, null, 0)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void buildsConnectRepliesWithSidAndOptionalPid() {
    assertThat(Json.write(Packet.connected("/", "s1").data())).isEqualTo("{\"sid\":\"s1\"}");
    assertThat(Json.write(Packet.connected("/", "s1", "p1").data())).isEqualTo("{\"sid\":\"s1\",\"pid\":\"p1\"}");
  }

  @Test
  void buildsConnectErrorsWithOptionalData() {
    assertThat(Json.write(Packet.connectError("/", "no", null).data())).isEqualTo("{\"message\":\"no\"}");
    assertThat(Json.write(Packet.connectError("/", "no", Json.nodes().nullNode()).data())).isEqualTo("{\"message\":\"no\"}");
    assertThat(Json.write(Packet.connectError("/", "no", Json.parse("[1]")).data()))
        .isEqualTo("{\"message\":\"no\",\"data\":[1]}");
  }

  @Test
  void exposesEventNameAndArguments() {
    Packet p = Packet.event("/", "chat", List.of(Json.parse("1"), Json.parse("\"x\"")), 3L);

    assertThat(p.eventName()).isEqualTo("chat");
    assertThat(p.args()).extracting(Json::write).containsExactly("1", "\"x\"");
    assertThat(p.hasId()).isTrue();
  }

  @Test
  void givesANumericEventNameAsText() {
    assertThat(new Packet(PacketType.EVENT, "/", null, Json.parse("[42]"), 0).eventName()).isEqualTo("42");
  }

  @Test
  void givesAckArgumentsAsTheWholeArray() {
    Packet p = Packet.ack("/", 1, List.of(Json.parse("\"a\""), Json.parse("2")));

    assertThat(p.eventName()).isNull();
    assertThat(p.args()).extracting(Json::write).containsExactly("\"a\"", "2");
  }

  @Test
  void hasNoNameOrArgumentsWithoutArrayData() {
    Packet p = Packet.connect("/", Json.object().put("a", 1));

    assertThat(p.eventName()).isNull();
    assertThat(p.args()).isEmpty();
    assertThat(p.hasId()).isFalse();
    assertThat(Packet.disconnect("/x").args()).isEmpty();
  }

  @Test
  void listsTheReservedEventNamesOfTheReferenceParser() {
    assertThat(Packet.RESERVED_EVENTS).containsExactlyInAnyOrder(
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
  }

  @Test
  void refusesANullEventName() {
    assertThatThrownBy(() -> Packet.event("/", null, List.of(), null)).isInstanceOf(NullPointerException.class);
  }
}
