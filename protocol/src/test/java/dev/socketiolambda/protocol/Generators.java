package dev.socketiolambda.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.PacketType;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators for text, JSON trees and valid Socket.IO packets. */
final class Generators {
  private static final String PROTOCOL_CHARS = "0123456789-/,[]{}\":.+eE_ \\tnrufalsb";

  private Generators() {}

  /** Short strings over all UTF-16 units (lone surrogates included), or over ASCII. */
  static Arbitrary<String> strings(int maxLength) {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(maxLength),
        Arbitraries.strings().ascii().ofMaxLength(maxLength),
        Arbitraries.strings().withChars(PROTOCOL_CHARS).ofMaxLength(maxLength));
  }

  /** Finite doubles over the whole range: random bit patterns, short decimals and small values. */
  static Arbitrary<Double> finiteDoubles() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN() && !d.isInfinite()),
        Arbitraries.doubles(),
        Arbitraries.integers().between(-1_000_000, 1_000_000)
            .flatMap(m -> Arbitraries.integers().between(-30, 30).map(e -> Double.parseDouble(m + "e" + e))),
        Arbitraries.longs().between(0, 1 << 20).map(Double::longBitsToDouble));
  }

  static Arbitrary<JsonNode> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, strings(12).map(s -> Json.nodes().textNode(s))),
        Tuple.of(2, Arbitraries.integers().map(i -> Json.nodes().numberNode(i))),
        Tuple.of(1, Arbitraries.longs().map(l -> Json.nodes().numberNode(l))),
        Tuple.of(2, finiteDoubles().map(d -> Json.nodes().numberNode(d))),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> Json.nodes().booleanNode(b))),
        Tuple.of(1, Arbitraries.just(Json.nodes().nullNode())));
  }

  static Arbitrary<JsonNode> binaries() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(b -> Json.nodes().binaryNode(b));
  }

  /** JSON trees up to a depth, optionally with binary leaves. */
  static Arbitrary<JsonNode> trees(int depth, boolean withBinary) {
    Arbitrary<JsonNode> leaf = withBinary
        ? Arbitraries.frequencyOf(Tuple.of(12, scalars()), Tuple.of(1, binaries()))
        : scalars();
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> trees(depth - 1, withBinary));
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaf),
        Tuple.of(1, child.list().ofMaxSize(4).map(Generators::array)),
        Tuple.of(1, Arbitraries.maps(strings(8), child).ofMaxSize(4).map(Generators::object)));
  }

  static Arbitrary<ObjectNode> objects(int depth) {
    return Arbitraries.maps(strings(8), trees(depth, false)).ofMaxSize(4).map(Generators::object);
  }

  static Arbitrary<String> namespaces() {
    return Arbitraries.oneOf(
        Arbitraries.of("/", "", "/admin", "/a/b", "/ns-ü😀"),
        strings(10).map(s -> "/" + s.replace(",", "")));
  }

  static Arbitrary<Long> ackIds() {
    return Arbitraries.oneOf(Arbitraries.longs().between(0, Packet.MAX_ACK_ID), Arbitraries.longs().between(0, 1000),
        Arbitraries.of(0L, Packet.MAX_ACK_ID));
  }

  static Arbitrary<JsonNode> eventNames() {
    return Arbitraries.oneOf(
        strings(10).filter(s -> !Packet.RESERVED_EVENTS.contains(s)).map(s -> Json.nodes().textNode(s)),
        Arbitraries.integers().map(i -> Json.nodes().numberNode(i)),
        finiteDoubles().map(d -> Json.nodes().numberNode(d)));
  }

  /** Packets a server or a client may send: every type, namespaces, ack ids, binary in events and acks. */
  static Arbitrary<Packet> packets() {
    Arbitrary<Packet> connect = Combinators.combine(namespaces(), objects(2).injectNull(0.3))
        .as((nsp, auth) -> new Packet(PacketType.CONNECT, nsp, null, auth, 0));
    Arbitrary<Packet> disconnect = namespaces().map(Packet::disconnect);
    Arbitrary<Packet> connectError = Combinators.combine(namespaces(),
            Arbitraries.oneOf(strings(20).map(s -> (JsonNode) Json.nodes().textNode(s)), objects(2).map(o -> o)))
        .as((nsp, data) -> new Packet(PacketType.CONNECT_ERROR, nsp, null, data, 0));
    Arbitrary<Packet> event = Combinators.combine(namespaces(), eventNames(), trees(3, true).list().ofMaxSize(5),
            ackIds().injectNull(0.5))
        .as((nsp, name, args, id) -> {
          ArrayNode data = Json.array().add(name);
          data.addAll(args);
          return new Packet(PacketType.EVENT, nsp, id, data, 0);
        });
    Arbitrary<Packet> ack = Combinators.combine(namespaces(), trees(3, true).list().ofMaxSize(5), ackIds())
        .as((nsp, args, id) -> Packet.ack(nsp, id, args));
    return Arbitraries.oneOf(connect, disconnect, connectError, event, ack)
        .filter(p -> p.data() == null || binaryCount(p.data()) <= 10);
  }

  /** EVENT and ACK packets holding at least one binary value (at most 10, the decoder's limit). */
  static Arbitrary<Packet> binaryPackets() {
    Arbitrary<JsonNode> arg = trees(2, true);
    return Combinators.combine(namespaces(), Arbitraries.of(PacketType.EVENT, PacketType.ACK), arg.list().ofMaxSize(4),
            binaries().list().ofMinSize(1).ofMaxSize(4), ackIds().injectNull(0.3))
        .as((nsp, type, args, bins, id) -> {
          ArrayNode data = Json.array();
          if (type == PacketType.EVENT) {
            data.add("event");
          }
          data.addAll(args);
          data.addAll(bins);
          Long ackId = type == PacketType.ACK && id == null ? Long.valueOf(0) : id;
          return new Packet(type, nsp, ackId, data, 0);
        })
        .filter(p -> binaryCount(p.data()) <= 10);
  }

  static int binaryCount(JsonNode node) {
    if (node.isBinary()) {
      return 1;
    }
    int n = 0;
    for (JsonNode child : node) {
      n += binaryCount(child);
    }
    return n;
  }

  /** Valid client frames (Socket.IO text headers), as the encoder writes them. */
  static Arbitrary<String> validHeaders() {
    return packets().map(p -> SocketIoEncoder.encode(p).header());
  }

  /** Text close to valid frames: valid headers with a few characters inserted, removed or replaced. */
  static Arbitrary<String> mutated(Arbitrary<String> valid) {
    Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.strings().withChars(PROTOCOL_CHARS).ofLength(1),
        Arbitraries.of("_placeholder", "\"num\":", "\\u00\u0666\u0661", "\\u\uff10\uff10\uff16\uff11", "\u0661", "1e400", "9007199254740993", "null", "\ud800", "\u0000", "-1"));
    return Combinators.combine(valid, Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(3),
            pieces.list().ofSize(3), Arbitraries.integers().between(0, 2).list().ofSize(3))
        .as((s, positions, inserts, ops) -> {
          String out = s;
          for (int i = 0; i < positions.size(); i++) {
            int pos = positions.get(i) % (out.length() + 1);
            switch (ops.get(i)) {
              case 0 -> out = out.substring(0, pos) + inserts.get(i) + out.substring(pos);
              case 1 -> out = pos < out.length() ? out.substring(0, pos) + out.substring(pos + 1) : out;
              default -> out = pos < out.length() ? out.substring(0, pos) + inserts.get(i) + out.substring(pos + 1) : out;
            }
          }
          return out;
        });
  }

  private static ArrayNode array(List<JsonNode> items) {
    ArrayNode a = Json.array();
    a.addAll(new ArrayList<>(items));
    return a;
  }

  private static ObjectNode object(Map<String, JsonNode> members) {
    ObjectNode o = Json.object();
    members.forEach(o::set);
    return o;
  }
}
