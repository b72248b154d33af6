package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.DemoApp;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Binary packets: a header, then {@code b<base64>} attachments, each in its own invocation. */
class EngineBinaryTest {
  private static String b64(byte... bytes) {
    return "b" + Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void binaryEventIsReassembledAcrossInvocationsAndTheHandlerSeesBinaryNodes() throws Exception {
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> io.on("upload", (socket, args, ack) -> {
      seen.addAll(args);
      ack.send(args.get(0).binaryValue().length);
    }), CONFORMANCE);
    h.connect("c1");

    assertThat(h.send("c1", "451-4[\"upload\",{\"_placeholder\":true,\"num\":0},\"name\"]")).isEqualTo(Engine.NOOP);
    assertThat(h.memory.getPendingBinary("c1")).isPresent();

    String reply = h.send("c1", b64((byte) 1, (byte) 2, (byte) 3));

    assertThat(reply).isEqualTo("434[3]");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).isBinary()).isTrue();
    assertThat(seen.get(0).binaryValue()).containsExactly(1, 2, 3);
    assertThat(seen.get(1).asText()).isEqualTo("name");
    assertThat(h.memory.getPendingBinary("c1")).isEmpty();
  }

  @Test
  void messageBackOfBinaryPostsTheHeaderAndAnswersWithTheAttachment() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.connect("c1");

    assertThat(h.send("c1", "451-[\"message\",{\"_placeholder\":true,\"num\":0}]")).isEqualTo(Engine.NOOP);
    String reply = h.send("c1", b64((byte) 1, (byte) 2, (byte) 3, (byte) 4));

    assertThat(h.posted("c1")).containsExactly("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]");
    assertThat(reply).isEqualTo("bAQIDBA==");
  }

  @Test
  void twoAttachmentsWaitForBoth() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.connect("c1");

    h.send("c1", "452-7[\"message-with-ack\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]");
    assertThat(h.send("c1", b64((byte) 0xA))).isEqualTo(Engine.NOOP);
    assertThat(h.memory.getPendingBinary("c1").orElseThrow().attachments()).hasSize(1);
    String reply = h.send("c1", b64((byte) 0xB));

    // the ack carries both buffers in the order of the arguments: num 1 (0x0B) first, then num 0 (0x0A)
    assertThat(h.posted("c1"))
        .containsExactly("462-7[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", "bCw==");
    assertThat(reply).isEqualTo("bCg==");
  }

  @Test
  void binaryInACustomNamespace() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.connect("c1", "/custom");

    h.send("c1", "451-/custom,[\"message\",{\"_placeholder\":true,\"num\":0}]");
    String reply = h.send("c1", b64((byte) 9));

    assertThat(h.posted("c1")).containsExactly("451-/custom,[\"message-back\",{\"_placeholder\":true,\"num\":0}]");
    assertThat(reply).isEqualTo("bCQ==");
  }

  @Test
  void serverEmitOfBytesSendsHeaderAndAttachmentFrames() {
    EngineHarness h = new EngineHarness(io -> io.on("file", (socket, args, ack) ->
        socket.emit("file", new byte[] {7, 7}, "meta")), CONFORMANCE);
    h.connect("c1");

    String reply = h.send("c1", "42[\"file\"]");

    assertThat(h.posted("c1")).containsExactly("451-[\"file\",{\"_placeholder\":true,\"num\":0},\"meta\"]");
    assertThat(reply).isEqualTo("bBwc=");
  }

  @Test
  void demoBytesEventSendsABinaryAttachment() {
    EngineHarness h = EngineHarness.of(new DemoApp());
    h.connect("c1");

    String reply = h.send("c1", "42[\"bytes\",3]");

    assertThat(h.posted("c1")).containsExactly("451-[\"bytes\",{\"_placeholder\":true,\"num\":0},{\"length\":3}]");
    assertThat(reply).isEqualTo(b64((byte) 0, (byte) 1, (byte) 2));
  }

  @Test
  void attachmentWithoutAHeaderClosesTheConnection() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.connect("c1");

    assertThat(h.send("c1", b64((byte) 1))).isEqualTo(Engine.NOOP);

    assertThat(h.gateway.wasDeleted("c1")).isTrue();
    assertThat(h.memory.rowCount()).isZero();
  }

  @Test
  void binaryHeaderWithAPlaceholderOutOfRangeClosesTheConnection() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.connect("c1");

    h.send("c1", "451-[\"message\",{\"_placeholder\":true,\"num\":3}]");

    assertThat(h.gateway.wasDeleted("c1")).isTrue();
    assertThat(h.memory.rowCount()).isZero();
  }

}
