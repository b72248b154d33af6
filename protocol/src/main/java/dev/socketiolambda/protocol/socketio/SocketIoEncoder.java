package dev.socketiolambda.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Socket.IO v5 encoder, byte-identical to socket.io-parser's Encoder for JSON trees. */
public final class SocketIoEncoder {
  private SocketIoEncoder() {}

  /**
   * Encodes a packet. An EVENT or ACK whose data holds binary values becomes a BINARY_EVENT or
   * BINARY_ACK header with placeholders, plus the attachments in placeholder order.
   */
  public static EncodedPacket encode(Packet packet) {
    PacketType type = packet.type();
    if (type.isBinary()) {
      throw new IllegalArgumentException("encode an EVENT or ACK with binary values; BINARY_* types are derived");
    }
    JsonNode data = packet.data();
    StringBuilder sb = new StringBuilder(32);
    appendPrefix(sb, type, packet.namespace(), packet.id(), 0);
    if (data == null || data.isNull() || data.isMissingNode()) {
      return new EncodedPacket(sb.toString(), List.of());
    }
    String header = Json.writeUnlessBinary(sb.toString(), data);
    if (header != null) {
      return new EncodedPacket(header, List.of());
    }
    // the tree holds binary values (found while writing it, instead of in a separate scan)
    if (type != PacketType.EVENT && type != PacketType.ACK) {
      throw new IllegalArgumentException("binary values must be sent as attachments, not inside JSON text");
    }
    List<byte[]> buffers = new ArrayList<>();
    JsonNode withPlaceholders = deconstruct(data, buffers);
    PacketType binType = type == PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK;
    sb.setLength(0);
    appendPrefix(sb, binType, packet.namespace(), packet.id(), buffers.size());
    Json.write(withPlaceholders, sb);
    return new EncodedPacket(sb.toString(), buffers);
  }

  /** Encodes a packet that has no binary data as its single text header (without the Engine.IO {@code 4}). */
  public static String encodeText(Packet packet) {
    EncodedPacket e = encode(packet);
    if (!e.attachments().isEmpty()) {
      throw new IllegalArgumentException("packet has binary attachments; use encode()");
    }
    return e.header();
  }

  private static void appendPrefix(StringBuilder sb, PacketType type, String nsp, Long id, int attachments) {
    sb.append(type.code());
    if (type.isBinary()) {
      sb.append(attachments).append('-');
    }
    if (nsp != null && !nsp.isEmpty() && !Packet.MAIN_NAMESPACE.equals(nsp)) {
      sb.append(nsp).append(',');
    }
    if (id != null) {
      sb.append(id.longValue());
    }
  }

  /** Whether a tree holds any binary value. */
  public static boolean hasBinary(JsonNode node) {
    if (node.isBinary()) {
      return true;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (hasBinary(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode deconstruct(JsonNode node, List<byte[]> buffers) {
    if (node.isBinary()) {
      ObjectNode placeholder = Json.object().put("_placeholder", true).put("num", buffers.size());
      buffers.add(binaryValue(node));
      return placeholder;
    }
    if (node.isArray()) {
      ArrayNode out = Json.array();
      for (JsonNode child : node) {
        out.add(deconstruct(child, buffers));
      }
      return out;
    }
    if (node.isObject()) {
      // placeholders are numbered in JavaScript's key order (array-index keys first, ascending), the
      // order socket.io-parser's deconstructPacket visits them in and the order the text is written in
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
      node.fields().forEachRemaining(members::add);
      members.sort(Comparator.comparingLong(e -> Json.arrayIndex(e.getKey()) < 0 ? Long.MAX_VALUE
          : Json.arrayIndex(e.getKey())));
      ObjectNode out = Json.object();
      for (Map.Entry<String, JsonNode> e : members) {
        out.set(e.getKey(), deconstruct(e.getValue(), buffers));
      }
      return out;
    }
    return node;
  }

  private static byte[] binaryValue(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("binary node without bytes", e); // BinaryNode never throws here
    }
  }
}
