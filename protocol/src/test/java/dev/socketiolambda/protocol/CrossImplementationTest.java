package dev.socketiolambda.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.EncodedPacket;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java codec against the reference implementations (socket.io-parser 4.2.x, engine.io-parser
 * 5.x) running on Node: {@code src/test/node/cross-impl.js} encodes a shared set of packets and
 * decodes frames; this test checks the Java encoder gives byte-identical frames, each decoder
 * accepts the other's frames with the same result, and both reject the same invalid frames.
 * Needs {@code node} and {@code npm ci} in the repository root; without them it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class CrossImplementationTest {
  private static final int FUZZ_CASES = 3000;
  /** Characters JavaScript's Number() treats as whitespace: the reference reads them as ack id digits. */
  private static final Pattern JS_WHITESPACE =
      Pattern.compile("[\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]");
  /** Integers beyond 2^53 keep their digits in Java and are rounded by JavaScript. */
  private static final Pattern LONG_DIGIT_RUN = Pattern.compile("\\d{16,}");

  private JsonNode vectors;
  private JsonNode nodeDecoded;
  private final Map<String, List<String>> fuzzFrames = new LinkedHashMap<>();

  @BeforeAll
  void runReferenceImplementation() {
    NodeScript node = NodeScript.locate();
    vectors = Json.parse(node.run(null, "vectors"));
    assertThat(vectors.at("/versions/socket.io-parser").asText()).as("socket.io-parser version").startsWith("4.2.");
    assertThat(vectors.at("/versions/engine.io-parser").asText()).as("engine.io-parser version").startsWith("5.");

    ObjectNode input = Json.object();
    ArrayNode sio = input.putArray("socketio");
    for (JsonNode v : vectors.get("socketio")) {
      ObjectNode c = sio.addObject().put("name", v.get("name").textValue());
      ArrayNode frames = c.putArray("frames");
      javaFrames(v).forEach(frames::add);
    }
    fuzzFrames.putAll(fuzz(new Random(20240601L)));
    fuzzFrames.forEach((name, frames) -> {
      ArrayNode f = sio.addObject().put("name", name).putArray("frames");
      frames.forEach(f::add);
    });
    ArrayNode eng = input.putArray("engine");
    for (JsonNode v : vectors.get("engine")) {
      eng.addObject().put("name", v.get("name").textValue())
          .put("frame", EngineIo.encode(Wire.enginePacket(v.get("packet").textValue())));
    }
    ArrayNode payloads = input.putArray("payloads");
    for (JsonNode v : vectors.get("payloads")) {
      payloads.addObject().put("name", v.get("name").textValue()).put("payload", EngineIo.encodePayload(enginePackets(v)));
    }
    nodeDecoded = Json.parse(node.run(Json.write(input), "decode"));
  }

  // ---- Socket.IO packets ----------------------------------------------------------------------

  Stream<Arguments> socketIoVectors() {
    return named(vectors.get("socketio"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("socketIoVectors")
  void javaEncoderWritesTheSameFramesAsNode(String name, JsonNode v) {
    assertThat(javaFrames(v)).isEqualTo(strings(v.get("frames")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("socketIoVectors")
  void javaDecoderReadsNodeFramesAsTheSamePacket(String name, JsonNode v) {
    List<Packet> decoded = Wire.decodeFrames(strings(v.get("frames")));
    assertThat(decoded).hasSize(1);
    assertThat(Wire.describe(decoded.get(0))).isEqualTo(v.get("packet").textValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("socketIoVectors")
  void nodeDecoderReadsJavaFramesAsTheSamePacket(String name, JsonNode v) {
    JsonNode result = resultFor(nodeDecoded.get("socketio"), name);
    assertThat(result.has("error")).as("node rejected the Java frames: %s", result.path("error")).isFalse();
    assertThat(strings(result.get("packets"))).containsExactly(v.get("packet").textValue());
  }

  // ---- Engine.IO packets and payloads ---------------------------------------------------------

  Stream<Arguments> engineVectors() {
    return named(vectors.get("engine"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engineVectors")
  void engineEncoderWritesTheSameFrameAsNode(String name, JsonNode v) {
    assertThat(EngineIo.encode(Wire.enginePacket(v.get("packet").textValue()))).isEqualTo(v.get("frame").textValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engineVectors")
  void engineDecoderReadsNodeFrameAsTheSamePacket(String name, JsonNode v) {
    assertThat(Wire.describe(EngineIo.decode(v.get("frame").textValue()))).isEqualTo(v.get("packet").textValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engineVectors")
  void nodeEngineDecoderReadsJavaFrameAsTheSamePacket(String name, JsonNode v) {
    JsonNode result = resultFor(nodeDecoded.get("engine"), name);
    assertThat(result.path("packet").asText()).isEqualTo(v.get("packet").textValue());
  }

  Stream<Arguments> payloadVectors() {
    return named(vectors.get("payloads"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloadVectors")
  void pollingPayloadsMatchInBothDirections(String name, JsonNode v) {
    List<EnginePacket> packets = enginePackets(v);
    assertThat(EngineIo.encodePayload(packets)).isEqualTo(v.get("payload").textValue());
    assertThat(EngineIo.decodePayload(v.get("payload").textValue()).stream().map(Wire::describe))
        .containsExactlyElementsOf(strings(v.get("packets")));
    assertThat(strings(resultFor(nodeDecoded.get("payloads"), name).get("packets")))
        .containsExactlyElementsOf(strings(v.get("packets")));
  }

  // ---- rejections -----------------------------------------------------------------------------

  Stream<Arguments> invalidFrames() {
    return named(vectors.get("invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFrames")
  void bothImplementationsRejectInvalidFrames(String name, JsonNode v) {
    assertThat(v.at("/node/error").isTextual()).as("node accepted it: %s", v.get("node")).isTrue();
    assertThatThrownBy(() -> Wire.decodeFrames(strings(v.get("frames")))).isInstanceOf(ProtocolException.class);
  }

  Stream<Arguments> javaStricterFrames() {
    return named(vectors.get("javaStricter"));
  }

  /** Documented differences: frames the reference parser accepts and the Java codec rejects on purpose. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("javaStricterFrames")
  void javaRejectsFramesTheReferenceToleratesOnPurpose(String name, JsonNode v) {
    assertThat(v.at("/node/error").isMissingNode()).as("node now rejects it too: %s", v.get("node")).isTrue();
    assertThatThrownBy(() -> Wire.decodeFrames(strings(v.get("frames")))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void bothImplementationsRejectInvalidEngineFramesAndPayloads() {
    for (JsonNode v : vectors.get("invalidEngine")) {
      assertThat(v.get("node").textValue()).as("node on %s", v.get("frame")).isEqualTo("error");
      assertThatThrownBy(() -> EngineIo.decode(v.get("frame").textValue())).isInstanceOf(ProtocolException.class);
    }
    for (JsonNode v : vectors.get("invalidPayloads")) {
      assertThat(v.get("node").textValue()).as("node on %s", v.get("payload")).isEqualTo("error");
      assertThatThrownBy(() -> EngineIo.decodePayload(v.get("payload").textValue()))
          .isInstanceOf(ProtocolException.class);
    }
  }

  // ---- decode then encode again (numbers, key order, escapes written by clients) --------------

  Stream<Arguments> reencodeVectors() {
    return StreamSupport.stream(vectors.get("reencode").spliterator(), false)
        .map(v -> Arguments.of(v.get("frames").get(0).textValue(), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reencodeVectors")
  void decodingAndEncodingAgainGivesNodesFrames(String firstFrame, JsonNode v) {
    List<List<String>> expected = new ArrayList<>();
    v.at("/node/frames").forEach(f -> expected.add(strings(f)));
    List<List<String>> actual = Wire.decodeFrames(strings(v.get("frames"))).stream()
        .map(p -> SocketIoEncoder.encode(p).engineFrames()).toList();
    assertThat(actual).isEqualTo(expected);
  }

  // ---- JSON.stringify of numbers and strings --------------------------------------------------

  @Test
  void numbersAreWrittenAsJsonStringifyWritesThem() {
    List<String> mismatches = new ArrayList<>();
    for (JsonNode v : vectors.get("numbers")) {
      double d = Double.longBitsToDouble(Long.parseUnsignedLong(v.get("bits").textValue(), 16));
      String java = Json.write(Json.nodes().numberNode(d));
      if (!java.equals(v.get("json").textValue())) {
        mismatches.add(d + ": java " + java + ", node " + v.get("json").textValue());
      }
    }
    assertThat(vectors.get("numbers").size()).isGreaterThan(3000);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void stringsAreEscapedAsJsonStringifyEscapesThem() {
    List<String> mismatches = new ArrayList<>();
    for (JsonNode v : vectors.get("strings")) {
      String java = Json.quote(v.get("value").textValue());
      if (!java.equals(v.get("json").textValue())) {
        mismatches.add("java " + java + ", node " + v.get("json").textValue());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  // ---- differential fuzzing of client frames --------------------------------------------------

  /**
   * Mutated client frames go through both decoders. The Java decoder may be stricter (see
   * {@link #javaRejectsFramesTheReferenceToleratesOnPurpose}) but must reject everything the
   * reference rejects, and where both accept they must agree, except for two known reference
   * quirks excluded here: whitespace read as ack id digits, and integers beyond 2^53 (rounded).
   */
  @Test
  void javaDecoderIsNeverMoreLenientThanTheReference() {
    int compared = 0;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, List<String>> c : fuzzFrames.entrySet()) {
      JsonNode node = resultFor(nodeDecoded.get("socketio"), c.getKey());
      Throwable javaError = catchThrowable(() -> Wire.decodeFrames(c.getValue()));
      if (javaError != null && !(javaError instanceof ProtocolException)) {
        problems.add(c.getValue() + ": java threw " + javaError);
      } else if (node.has("error")) {
        if (javaError == null) {
          problems.add(c.getValue() + ": node rejects (" + node.get("error").asText() + "), java accepts");
        }
      } else if (javaError == null) {
        String frames = String.join("|", c.getValue());
        if (!JS_WHITESPACE.matcher(frames).find() && !LONG_DIGIT_RUN.matcher(frames).find()) {
          compared++;
          List<String> java = Wire.decodeFrames(c.getValue()).stream().map(Wire::describe).toList();
          if (!java.equals(strings(node.get("packets")))) {
            problems.add(c.getValue() + ": java " + java + ", node " + node.get("packets"));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(compared).as("accepted frames compared").isGreaterThan(FUZZ_CASES / 20);
  }

  private static Map<String, List<String>> fuzz(Random random) {
    String[] seeds = {
        "42[\"chat\",{\"a\":1}]", "40{\"token\":\"x\"}", "40/admin,{\"t\":1}", "41", "41/admin,", "421[\"ev\"]",
        "42/nsp,13[\"ev\",1.5,\"x\"]", "431[]", "43/a,7[{\"ok\":true}]", "44{\"message\":\"no\"}", "44\"err\"",
        "42[1,2.5e3,-0,1e21,0.000001]", "42[\"x\",\"\\u001f\\ud800\"]", "40", "42", "42[]", "42[\"connect\"]",
        "451-[\"b\",{\"_placeholder\":true,\"num\":0}]|bAQID",
        "452-/n,9[\"b\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]|bAQID|bBAU=",
        "461-3[{\"_placeholder\":true,\"num\":0}]|b"};
    String[] alphabet = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-", "/", ",", "[", "]", "{", "}", "\"",
        ":", ".", " ", "\t", "a", "e", "E", "+", "_", "x", "\\", "u", "\u00a0", "\ufeff", "\u2028", "\u0000", "\u0660",
        "true", "null", "_placeholder", "\"num\":", "1e400", "9007199254740993", "-1", "{}", "[]", "\ud83d\ude00",
        "\udc00", "b", "=", "é"};
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int n = 0; n < FUZZ_CASES; n++) {
      List<String> frames = new ArrayList<>(List.of(seeds[random.nextInt(seeds.length)].split("\\|")));
      int which = random.nextInt(4) == 0 ? random.nextInt(frames.size()) : 0;
      String s = frames.get(which);
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        int pos = random.nextInt(s.length() + 1);
        String piece = alphabet[random.nextInt(alphabet.length)];
        double op = random.nextDouble();
        if (op < 0.4) {
          s = s.substring(0, pos) + piece + s.substring(pos);
        } else if (op < 0.7 && pos < s.length()) {
          s = s.substring(0, pos) + s.substring(pos + 1);
        } else if (pos < s.length()) {
          s = s.substring(0, pos) + piece + s.substring(pos + 1);
        }
      }
      frames.set(which, s);
      out.put("fuzz " + n, frames);
    }
    return out;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static List<String> javaFrames(JsonNode vector) {
    EncodedPacket encoded = SocketIoEncoder.encode(Wire.packet(vector.get("packet").textValue()));
    return encoded.engineFrames();
  }

  private static List<EnginePacket> enginePackets(JsonNode payloadVector) {
    return strings(payloadVector.get("packets")).stream().map(Wire::enginePacket).toList();
  }

  private static Stream<Arguments> named(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false).map(v -> Arguments.of(v.get("name").textValue(), v));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }

  private static JsonNode resultFor(JsonNode results, String name) {
    for (JsonNode r : results) {
      if (r.get("name").textValue().equals(name)) {
        return r.get("node");
      }
    }
    throw new AssertionError("node printed no result for " + name);
  }
}
