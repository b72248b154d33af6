package dev.socketiolambda.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The immutable state of a binary packet being reassembled: its decoded header and the attachments
 * received so far. Each step returns a new value, so the state can be stored between Lambda
 * invocations (the header's text plus the attachments) and resumed in the next one.
 */
public final class BinaryReassembly {
  private final Packet header;
  private final List<byte[]> received;

  private BinaryReassembly(Packet header, List<byte[]> received) {
    this.header = header;
    this.received = received;
  }

  /** Starts reassembly for a decoded binary header. */
  public static BinaryReassembly begin(Packet header) {
    if (!header.type().isBinary() || header.attachments() < 1) {
      throw new IllegalArgumentException("not a binary packet header: " + header.type());
    }
    return new BinaryReassembly(header, List.of());
  }

  /** Resumes a stored reassembly from its header and the attachments already received. */
  public static BinaryReassembly resume(Packet header, List<byte[]> received) {
    BinaryReassembly r = begin(header);
    for (byte[] b : received) {
      r = r.add(b);
    }
    return r;
  }

  /** The state after one more attachment arrived. */
  public BinaryReassembly add(byte[] attachment) {
    if (isComplete()) {
      throw new ProtocolException("unexpected binary attachment: all " + header.attachments() + " already received");
    }
    List<byte[]> next = new ArrayList<>(received.size() + 1);
    next.addAll(received);
    next.add(attachment.clone());
    return new BinaryReassembly(header, Collections.unmodifiableList(next));
  }

  public Packet header() {
    return header;
  }

  public int expected() {
    return header.attachments();
  }

  public int receivedCount() {
    return received.size();
  }

  /** Copies of the attachments received so far. */
  public List<byte[]> received() {
    List<byte[]> out = new ArrayList<>(received.size());
    for (byte[] b : received) {
      out.add(b.clone());
    }
    return out;
  }

  public boolean isComplete() {
    return received.size() == header.attachments();
  }

  /** The whole packet: EVENT or ACK with the placeholders replaced by binary values. */
  public Packet assemble() {
    if (!isComplete()) {
      throw new IllegalStateException("waiting for " + (expected() - receivedCount()) + " more attachment(s)");
    }
    JsonNode data = header.data() == null ? null : reconstruct(header.data(), received);
    PacketType type = header.type() == PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK;
    return new Packet(type, header.namespace(), header.id(), data, 0);
  }

  /** Rejects placeholders whose index is missing or outside {@code 0..attachments-1}. */
  static void checkPlaceholders(JsonNode node, int attachments) {
    if (isPlaceholder(node)) {
      JsonNode num = node.get("num");
      if (num == null || !num.canConvertToExactIntegral() || num.asLong() < 0 || num.asLong() >= attachments) {
        throw new ProtocolException("illegal attachments: placeholder num " + num + " outside 0.." + (attachments - 1));
      }
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        checkPlaceholders(child, attachments);
      }
    }
  }

  private static boolean isPlaceholder(JsonNode node) {
    return node.isObject() && node.path("_placeholder").isBoolean() && node.get("_placeholder").booleanValue();
  }

  private static JsonNode reconstruct(JsonNode node, List<byte[]> buffers) {
    if (isPlaceholder(node)) {
      JsonNode num = node.get("num");
      if (num == null || !num.canConvertToExactIntegral() || num.asLong() < 0 || num.asLong() >= buffers.size()) {
        throw new ProtocolException("illegal attachments: placeholder num " + num);
      }
      return Json.nodes().binaryNode(buffers.get(num.asInt()).clone());
    }
    if (node.isArray()) {
      ArrayNode out = Json.array();
      for (JsonNode child : node) {
        out.add(reconstruct(child, buffers));
      }
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), reconstruct(e.getValue(), buffers));
      }
      return out;
    }
    return node;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BinaryReassembly r) || !r.header.equals(header) || r.received.size() != received.size()) {
      return false;
    }
    for (int i = 0; i < received.size(); i++) {
      if (!Arrays.equals(r.received.get(i), received.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return header.hashCode() * 31 + received.size();
  }

  @Override
  public String toString() {
    return "BinaryReassembly[" + header.type() + " " + receivedCount() + "/" + expected() + "]";
  }
}
