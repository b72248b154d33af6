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
    assertThat(h.memory.binaryParts("c1")).hasSize(1);

    String reply = h.send("c1", b64((byte) 1, (byte) 2, (byte) 3));

    assertThat(reply).isEqualTo("434[3]");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).isBinary()).isTrue();
    assertThat(seen.get(0).binaryValue()).containsExactly(1, 2, 3);
    assertThat(seen.get(1).asText()).isEqualTo("name");
    assertThat(h.memory.binaryParts("c1")).isEmpty();
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
    assertThat(h.memory.binaryParts("c1")).hasSize(2);
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
  void attachmentsHandledBeforeTheirHeaderWaitForItAndKeepTheirOrder() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.connect("c1");
    long t = h.clock.now();

    // arrival order at API Gateway: header (t), 0x0A (t+1), 0x0B (t+2); handled in the reverse order
    assertThat(at(h, b64((byte) 0xB), t + 2)).isEqualTo(Engine.NOOP);
    assertThat(at(h, b64((byte) 0xA), t + 1)).isEqualTo(Engine.NOOP);
    String reply = at(h, "452-7[\"message-with-ack\",{\"_placeholder\":true,\"num\":1},"
        + "{\"_placeholder\":true,\"num\":0}]", t);

    assertThat(h.posted("c1"))
        .containsExactly("462-7[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", "bCw==");
    assertThat(reply).isEqualTo("bCg==");
    assertThat(h.memory.binaryParts("c1")).isEmpty();
    assertThat(h.gateway.wasDeleted("c1")).isFalse();
  }

  @Test
  void aSecondBinaryHeaderDoesNotDropTheFirstPacket() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> io.on("up", (socket, args, ack) ->
        seen.add(args.get(0).asText() + ":" + args.get(1).binaryValue()[0])), CONFORMANCE);
    h.connect("c1");
    long t = h.clock.now();

    // header 1, header 2, then the attachment of 1 and of 2, handled as: H2, A2, H1, A1
    at(h, "451-[\"up\",\"two\",{\"_placeholder\":true,\"num\":0}]", t + 1);
    at(h, b64((byte) 2), t + 3);
    at(h, "451-[\"up\",\"one\",{\"_placeholder\":true,\"num\":0}]", t);
    at(h, b64((byte) 1), t + 0); // the first attachment arrived in the same millisecond as its header

    assertThat(seen).containsExactlyInAnyOrder("one:1", "two:2");
    assertThat(h.memory.binaryParts("c1")).isEmpty();
  }

  @Test
  void aPacketTooLargeToReassembleAnswersItsAckWithAnError() {
    EngineConfig small = new EngineConfig(300, 200, 1_000, 1_000, 30_000, true, 4, 3, 2_000);
    EngineHarness h = new EngineHarness(new ConformanceApp(), small);
    h.connect("c1");

    h.send("c1", "454-9[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
        + "{\"_placeholder\":true,\"num\":2},{\"_placeholder\":true,\"num\":3}]");
    h.send("c1", b64(new byte[400]));
    h.send("c1", b64(new byte[400]));
    String reply = h.send("c1", b64(new byte[400]));

    assertThat(reply).startsWith("439[{\"error\":{\"message\":\"binary packet too large");
    assertThat(h.memory.binaryParts("c1")).isEmpty();
    assertThat(h.gateway.wasDeleted("c1")).isFalse();
  }

  @Test
  void aPacketOverTheLimitIsRefusedEvenWhenItsHeaderCompletesItInOneStep() {
    // handled in parallel, every attachment may be stored before the header: no invocation sees it incomplete
    EngineConfig small = new EngineConfig(300, 200, 1_000, 1_000, 30_000, true, 4, 3, 2_000);
    EngineHarness h = new EngineHarness(new ConformanceApp(), small);
    h.connect("c1");
    long t = h.clock.now();

    for (int i = 1; i <= 3; i++) {
      assertThat(at(h, b64(new byte[400]), t + i)).isEqualTo(Engine.NOOP);
    }
    String reply = at(h, "453-9[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
        + "{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2}]", t);

    assertThat(reply).startsWith("439[{\"error\":{\"message\":\"binary packet too large");
    assertThat(h.posted("c1")).isEmpty();
    assertThat(h.memory.binaryParts("c1")).isEmpty();
    assertThat(h.gateway.wasDeleted("c1")).isFalse();
  }

  @Test
  void attachmentsWithoutAHeaderCloseTheConnectionOnceTheyPassTheSizeLimit() {
    EngineConfig small = new EngineConfig(300, 200, 1_000, 1_000, 30_000, true, 4, 3, 2_000);
    EngineHarness h = new EngineHarness(new ConformanceApp(), small);
    h.connect("c1");

    for (int i = 0; i < 6; i++) { // 3,600 bytes: under four times maxPayload, their header may still come
      assertThat(h.send("c1", b64(new byte[600]))).isEqualTo(Engine.NOOP);
    }
    assertThat(h.gateway.wasDeleted("c1")).as("an attachment may come before its header").isFalse();
    h.send("c1", b64(new byte[600]));

    assertThat(h.gateway.wasDeleted("c1")).isTrue();
    assertThat(h.memory.rowCount()).isZero();
    assertThat(h.errors).anyMatch(e -> e.contains("binary packet too large"));
  }

  private static String at(EngineHarness h, String frame, long receivedAt) {
    return h.engine.onMessage("c1", frame, Engine.DEFAULT_BUDGET_MS, receivedAt);
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
