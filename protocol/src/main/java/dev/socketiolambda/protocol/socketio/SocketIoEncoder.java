package dev.socketiolambda.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
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
    if ((type == PacketType.EVENT || type == PacketType.ACK) && packet.data() != null && hasBinary(packet.data())) {
      List<byte[]> buffers = new ArrayList<>();
      JsonNode data = deconstruct(packet.data(), buffers);
      PacketType binType = type == PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK;
      return new EncodedPacket(encodeAsString(binType, packet.namespace(), packet.id(), data, buffers.size()), buffers);
    }
    if (type.isBinary()) {
      throw new IllegalArgumentException("encode an EVENT or ACK with binary values; BINARY_* types are derived");
    }
    return new EncodedPacket(encodeAsString(type, packet.namespace(), packet.id(), packet.data(), 0), List.of());
  }

  /** Encodes a packet that has no binary data as its single text header (without the Engine.IO {@code 4}). */
  public static String encodeText(Packet packet) {
    EncodedPacket e = encode(packet);
    if (!e.attachments().isEmpty()) {
      throw new IllegalArgumentException("packet has binary attachments; use encode()");
    }
    return e.header();
  }

  private static String encodeAsString(PacketType type, String nsp, Long id, JsonNode data, int attachments) {
    StringBuilder sb = new StringBuilder(64);
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
    if (data != null && !data.isNull() && !data.isMissingNode()) {
      Json.write(data, sb);
    }
    return sb.toString();
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
      ObjectNode out = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
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
