package dev.socketiolambda.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.BinaryReassembly;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a client sends, every decoder returns a value or throws {@link ProtocolException}:
 * never a NullPointerException, an IndexOutOfBounds, a Jackson exception or an Error.
 */
class DecoderRobustnessPropertiesTest {
  /** Runs a decoder; fails when it throws anything but a ProtocolException. */
  private static void onlyProtocolExceptions(Runnable decode) {
    Throwable t = catchThrowable(decode::run);
    if (t != null) {
      assertThat(t).as("thrown: %s", t).isInstanceOf(ProtocolException.class);
    }
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Generators.strings(40),
        Generators.mutated(Generators.validHeaders()),
        Generators.mutated(Generators.validHeaders().map(h -> "4" + h)),
        Generators.strings(20).map(s -> "b" + s),
        Arbitraries.strings().withChars("ABCDabcd0189+/=-_ \n").ofMaxLength(12).map(s -> "b" + s));
  }

  @Property(tries = 1000)
  void engineIoDecodeReturnsAPacketOrThrowsProtocolException(@ForAll("anyText") String frame) {
    onlyProtocolExceptions(() -> EngineIo.decode(frame));
  }

  @Property(tries = 300)
  void engineIoDecodeOfRawBytesAlwaysGivesABinaryMessage(@ForAll @Size(max = 256) byte[] frame) {
    EnginePacket p = EngineIo.decode(frame);

    assertThat(p.binary()).isEqualTo(frame);
  }

  @Property(tries = 500)
  void engineIoDecodePayloadReturnsPacketsOrThrowsProtocolException(@ForAll("anyText") String a,
      @ForAll("anyText") String b) {
    onlyProtocolExceptions(() -> EngineIo.decodePayload(a + EngineIo.RECORD_SEPARATOR + b));
  }

  @Property(tries = 1500)
  void socketIoDecodeReturnsAPacketOrThrowsProtocolException(@ForAll("anyText") String text) {
    onlyProtocolExceptions(() -> SocketIoDecoder.standard().decode(text));
  }

  @Property(tries = 1000)
  void jsonParseReturnsATreeOrThrowsProtocolException(@ForAll("anyText") String text) {
    onlyProtocolExceptions(() -> Json.parse(text));
  }

  @Property(tries = 100)
  void jsonParseHandlesDeepOrUnbalancedNesting(@ForAll("brackets") String text) {
    onlyProtocolExceptions(() -> Json.parse(text));
    onlyProtocolExceptions(() -> SocketIoDecoder.standard().decode("2" + text));
  }

  @Provide
  Arbitrary<String> brackets() {
    return Arbitraries.integers().between(0, 700)
        .flatMap(n -> Arbitraries.of("[", "{\"a\":", "[{\"_placeholder\":true,\"num\":0},")
            .map(open -> open.repeat(n) + "1" + (open.startsWith("{") ? "}" : "]").repeat(Math.max(0, n - 1))));
  }

  @Provide
  Arbitrary<String> binaryHeaders() {
    Arbitrary<String> headers = Generators.binaryPackets().map(p -> SocketIoEncoder.encode(p).header());
    return Arbitraries.oneOf(Generators.mutated(headers), headers)
        .filter(h -> {
          try {
            return SocketIoDecoder.standard().decode(h).type().isBinary();
          } catch (ProtocolException e) {
            return false;
          }
        });
  }

  @Property(tries = 300)
  void binaryReassemblyTakesAnyAttachmentsAndAssemblesOnceComplete(@ForAll("binaryHeaders") String header,
      @ForAll @Size(max = 12) List<@Size(max = 32) byte[]> attachments) {
    Packet h = SocketIoDecoder.standard().decode(header);
    BinaryReassembly r = BinaryReassembly.begin(h);
    for (byte[] a : attachments) {
      if (r.isComplete()) {
        BinaryReassembly done = r;
        assertThatThrownBy(() -> done.add(a)).isInstanceOf(ProtocolException.class);
        break;
      }
      r = r.add(a);
    }
    if (r.isComplete()) {
      Packet p = r.assemble();
      assertThat(p.type().isBinary()).isFalse();
      assertThat(SocketIoEncoder.encode(p).attachments().size()).isLessThanOrEqualTo(h.attachments());
    } else {
      assertThat(r.receivedCount()).isEqualTo(attachments.size()).isLessThan(h.attachments());
    }
  }

  @Property(tries = 200)
  void binaryReassemblyResumedFromAnyStoredStateMatchesTheDirectResult(@ForAll("binaryHeaders") String header,
      @ForAll @Size(min = 10, max = 10) List<@Size(max = 16) byte[]> pool, @ForAll byte split) {
    Packet h = SocketIoDecoder.standard().decode(header);
    List<byte[]> attachments = pool.subList(0, h.attachments());
    int stored = Math.floorMod(split, h.attachments() + 1);

    BinaryReassembly direct = BinaryReassembly.begin(h);
    for (byte[] a : attachments) {
      direct = direct.add(a);
    }
    BinaryReassembly resumed = BinaryReassembly.resume(SocketIoDecoder.standard().decode(header),
        attachments.subList(0, stored));
    for (byte[] a : attachments.subList(stored, attachments.size())) {
      resumed = resumed.add(a);
    }

    assertThat(resumed).isEqualTo(direct);
    assertThat(resumed.assemble()).isEqualTo(direct.assemble());
  }
}
