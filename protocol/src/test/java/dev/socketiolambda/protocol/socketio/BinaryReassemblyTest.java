package dev.socketiolambda.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryReassemblyTest {
  private static final SocketIoDecoder DECODER = SocketIoDecoder.standard();
  private static final byte[] A = {1, 2, 3};
  private static final byte[] B = {4, 5};

  private static Packet header(String text) {
    return DECODER.decode(text);
  }

  private static byte[] bytes(JsonNode node) throws Exception {
    assertThat(node.isBinary()).as("%s is binary", node).isTrue();
    return node.binaryValue();
  }

  @Test
  void reassemblesBinaryEventWithTwoAttachments() throws Exception {
    BinaryReassembly r = BinaryReassembly.begin(
        header("52-/files,9[\"up\",{\"_placeholder\":true,\"num\":1},{\"meta\":{\"_placeholder\":true,\"num\":0}}]"));

    r = r.add(A);
    assertThat(r.isComplete()).isFalse();
    r = r.add(B);
    Packet p = r.assemble();

    assertThat(p.type()).isEqualTo(PacketType.EVENT);
    assertThat(p.namespace()).isEqualTo("/files");
    assertThat(p.id()).isEqualTo(9L);
    assertThat(p.attachments()).isZero();
    assertThat(p.eventName()).isEqualTo("up");
    assertThat(bytes(p.args().get(0))).isEqualTo(B);
    assertThat(bytes(p.args().get(1).get("meta"))).isEqualTo(A);
  }

  @Test
  void reassemblesBinaryAckIntoAck() throws Exception {
    BinaryReassembly r = BinaryReassembly.begin(header("61-3[{\"_placeholder\":true,\"num\":0},\"x\"]")).add(A);

    Packet p = r.assemble();

    assertThat(p.type()).isEqualTo(PacketType.ACK);
    assertThat(p.id()).isEqualTo(3L);
    assertThat(bytes(p.data().get(0))).isEqualTo(A);
    assertThat(p.data().get(1).textValue()).isEqualTo("x");
  }

  @Test
  void putsTheSameAttachmentWhereverItsPlaceholderRepeats() throws Exception {
    Packet p = BinaryReassembly.begin(
        header("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]")).add(A).add(B).assemble();

    assertThat(bytes(p.args().get(0))).isEqualTo(A);
    assertThat(bytes(p.args().get(1))).isEqualTo(A);
  }

  @Test
  void replacesAPlaceholderObjectWhole() throws Exception {
    Packet p = BinaryReassembly.begin(header("51-[\"e\",{\"_placeholder\":true,\"num\":0,\"extra\":1}]")).add(A).assemble();

    assertThat(bytes(p.args().get(0))).isEqualTo(A);
  }

  @Test
  void leavesDataWithoutPlaceholdersAsItIs() {
    Packet p = BinaryReassembly.begin(header("51-[\"e\",{\"_placeholder\":false,\"num\":0},1]")).add(A).assemble();

    assertThat(Json.write(p.data())).isEqualTo("[\"e\",{\"_placeholder\":false,\"num\":0},1]");
  }

  @Test
  void assemblesAHeaderWithoutData() {
    Packet p = BinaryReassembly.begin(header("51-")).add(A).assemble();

    assertThat(p.type()).isEqualTo(PacketType.EVENT);
    assertThat(p.data()).isNull();
  }

  @Test
  void resumesFromStoredStateAndGivesTheSameResult() throws Exception {
    String headerText = "53-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
        + "{\"_placeholder\":true,\"num\":2}]";
    BinaryReassembly direct = BinaryReassembly.begin(header(headerText)).add(A).add(B);

    // what a Lambda stores between invocations: the header text and the attachments received so far
    List<byte[]> stored = direct.received();
    BinaryReassembly resumed = BinaryReassembly.resume(header(headerText), stored);

    assertThat(resumed).isEqualTo(direct);
    assertThat(resumed.receivedCount()).isEqualTo(2);
    assertThat(resumed.expected()).isEqualTo(3);
    Packet p = resumed.add(new byte[] {9}).assemble();
    assertThat(bytes(p.args().get(0))).isEqualTo(A);
    assertThat(bytes(p.args().get(1))).isEqualTo(B);
    assertThat(bytes(p.args().get(2))).containsExactly(9);
    assertThat(p).isEqualTo(direct.add(new byte[] {9}).assemble());
  }

  @Test
  void resumesWithNothingReceivedYet() {
    Packet h = header("51-[\"e\",{\"_placeholder\":true,\"num\":0}]");

    assertThat(BinaryReassembly.resume(h, List.of())).isEqualTo(BinaryReassembly.begin(h));
  }

  @Test
  void rejectsResumingWithMoreAttachmentsThanExpected() {
    Packet h = header("51-[\"e\",{\"_placeholder\":true,\"num\":0}]");

    assertThatThrownBy(() -> BinaryReassembly.resume(h, List.of(A, B))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsAnAttachmentAfterTheLastOne() {
    BinaryReassembly done = BinaryReassembly.begin(header("51-[\"e\",{\"_placeholder\":true,\"num\":0}]")).add(A);

    assertThatThrownBy(() -> done.add(B)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unexpected binary attachment");
  }

  @Test
  void refusesToAssembleBeforeAllAttachmentsArrived() {
    BinaryReassembly r = BinaryReassembly.begin(header("52-[\"e\",{\"_placeholder\":true,\"num\":1}]")).add(A);

    assertThatThrownBy(r::assemble).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 more");
  }

  @Test
  void refusesToBeginWithANonBinaryPacket() {
    assertThatThrownBy(() -> BinaryReassembly.begin(header("2[\"e\"]"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isImmutable() {
    BinaryReassembly start = BinaryReassembly.begin(header("52-[\"e\"]"));
    byte[] data = {7};

    BinaryReassembly next = start.add(data);
    data[0] = 8;
    next.received().get(0)[0] = 9;

    assertThat(start.receivedCount()).isZero();
    assertThat(next.received().get(0)).containsExactly(7);
  }

  @Test
  void givesEachAssembledPacketItsOwnBytes() throws Exception {
    BinaryReassembly r = BinaryReassembly.begin(header("51-[\"e\",{\"_placeholder\":true,\"num\":0}]")).add(A);

    Packet first = r.assemble();
    first.args().get(0).binaryValue()[0] = 42;

    assertThat(bytes(r.assemble().args().get(0))).isEqualTo(A);
  }

  @Test
  void describesItsProgress() {
    BinaryReassembly r = BinaryReassembly.begin(header("62-1[]")).add(A);

    assertThat(r).hasToString("BinaryReassembly[BINARY_ACK 1/2]");
    assertThat(r.header().type()).isEqualTo(PacketType.BINARY_ACK);
  }
}
