package dev.socketiolambda.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.engineio.EngineType;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.EncodedPacket;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** decode(encode(x)) gives x back for generated valid packets, and encoding again gives the same frames. */
class RoundTripPropertiesTest {
  /** JSON equality where numbers compare by value (1.0 is written "1" and read back as an integer). */
  static final Comparator<JsonNode> SAME_JSON = (a, b) -> {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.doubleValue() == b.doubleValue() ? 0 : 1;
    }
    return 1;
  };

  static void assertSamePacket(Packet actual, Packet expected) {
    assertThat(actual.type()).isEqualTo(expected.type());
    assertThat(actual.namespace()).isEqualTo(expected.namespace());
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.attachments()).isZero();
    if (expected.data() == null) {
      assertThat(actual.data()).isNull();
    } else {
      assertThat(actual.data().equals(SAME_JSON, expected.data()))
          .as("data %s read back as %s", Json.write(Wire.toMarkers(expected.data())),
              Json.write(Wire.toMarkers(actual.data())))
          .isTrue();
    }
  }

  @Provide
  Arbitrary<Packet> packets() {
    return Generators.packets();
  }

  @Property(tries = 700)
  void socketIoPacketsSurviveEncodingIntoEngineFramesAndDecodingBack(@ForAll("packets") Packet packet) {
    List<String> frames = SocketIoEncoder.encode(packet).engineFrames();

    List<Packet> decoded = Wire.decodeFrames(frames);

    assertThat(decoded).hasSize(1);
    assertSamePacket(decoded.get(0), packet);
    assertThat(SocketIoEncoder.encode(decoded.get(0)).engineFrames()).isEqualTo(frames);
  }

  @Property(tries = 300)
  void textPacketsSurviveTheSocketIoCodecAlone(@ForAll("packets") Packet packet) {
    EncodedPacket encoded = SocketIoEncoder.encode(packet);
    if (!encoded.attachments().isEmpty()) {
      return;
    }

    Packet decoded = SocketIoDecoder.standard().decode(SocketIoEncoder.encodeText(packet));

    assertSamePacket(decoded, packet);
  }

  @Provide
  Arbitrary<EnginePacket> enginePackets() {
    Arbitrary<EnginePacket> text = Combinators.combine(Arbitraries.of(EngineType.class),
            Generators.strings(30).filter(s -> !s.isEmpty()).injectNull(0.3))
        .as((type, data) -> new EnginePacket(type, data, null));
    Arbitrary<EnginePacket> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(EnginePacket::binary);
    return Arbitraries.oneOf(text, binary);
  }

  @Property(tries = 500)
  void enginePacketsSurviveEncodingAndDecoding(@ForAll("enginePackets") EnginePacket packet) {
    assertThat(EngineIo.decode(EngineIo.encode(packet))).isEqualTo(packet);
  }

  @Property(tries = 300)
  void pollingPayloadsSurviveEncodingAndDecoding(@ForAll("payloads") List<EnginePacket> packets) {
    assertThat(EngineIo.decodePayload(EngineIo.encodePayload(packets))).isEqualTo(packets);
  }

  @Provide
  Arbitrary<List<EnginePacket>> payloads() {
    return enginePackets().filter(p -> p.text() == null || p.text().indexOf(EngineIo.RECORD_SEPARATOR) < 0)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return Generators.trees(4, false);
  }

  @Property(tries = 700)
  void jsonTreesSurviveWritingAndParsing(@ForAll("trees") JsonNode tree) {
    String text = Json.write(tree);

    JsonNode parsed = Json.parse(text);

    assertThat(parsed.equals(SAME_JSON, tree)).as("%s read back as %s", text, Json.write(parsed)).isTrue();
    assertThat(Json.write(parsed)).isEqualTo(text);
  }

  @Property(tries = 3000)
  void doublesAreWrittenAsTheShortestTextThatReadsBackExactly(@ForAll("doubles") double d) {
    String text = Json.write(Json.nodes().numberNode(d));

    assertThat(Double.parseDouble(text)).isEqualTo(d == 0 ? 0.0 : d);
    String digits = text.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "")
        .replaceFirst("^0+", "").replaceFirst("0+$", "");
    assertThat(digits.length()).as("significant digits of %s", text).isLessThanOrEqualTo(17);
    if (digits.length() > 1) {
      // one digit fewer never reads back as the same double
      java.math.BigDecimal exact = new java.math.BigDecimal(d);
      java.math.BigDecimal shorter = exact.round(new java.math.MathContext(digits.length() - 1));
      assertThat(shorter.doubleValue()).as("%s could be shorter: %s", text, shorter).isNotEqualTo(d);
    }
  }

  @Provide
  Arbitrary<Double> doubles() {
    return Generators.finiteDoubles();
  }
}
