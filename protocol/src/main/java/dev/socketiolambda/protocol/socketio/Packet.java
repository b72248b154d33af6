package dev.socketiolambda.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Socket.IO v5 packet. {@code id} is the ack id or null; {@code data} the JSON payload or null;
 * {@code attachments} is non-zero only on a binary header as decoded, before reassembly. Binary
 * values inside {@code data} are {@link com.fasterxml.jackson.databind.node.BinaryNode}s; the
 * encoder turns them into attachments.
 *
 * <p>Trees are mutable in Jackson: treat {@code data} as read-only once it is in a packet.
 */
public record Packet(PacketType type, String namespace, Long id, JsonNode data, int attachments) {
  /** Event names a client may never send, as in the reference parser. */
  public static final Set<String> RESERVED_EVENTS =
      Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
  /** Largest ack id: JavaScript's Number.MAX_SAFE_INTEGER. */
  public static final long MAX_ACK_ID = 9_007_199_254_740_991L;
  /** The main namespace. */
  public static final String MAIN_NAMESPACE = "/";

  public Packet {
    Objects.requireNonNull(type, "type");
    if (namespace == null || namespace.isEmpty()) {
      namespace = MAIN_NAMESPACE;
    }
    if (namespace.charAt(0) != '/' || namespace.indexOf(',') >= 0) {
      // the wire format ends a namespace at the first ',' and reads one only after a '/': anything
      // else would encode to a frame that decodes to another namespace or not at all
      throw new IllegalArgumentException("a namespace must start with '/' and contain no ',', was '" + namespace
          + "'");
    }
    if (id != null && (id < 0 || id > MAX_ACK_ID)) {
      throw new IllegalArgumentException("ack id must be within 0.." + MAX_ACK_ID + ", was " + id);
    }
    if (attachments < 0 || (attachments > 0 && !type.isBinary())) {
      throw new IllegalArgumentException("attachments must be 0 unless the type is binary, was " + attachments);
    }
  }

  /** A client's CONNECT to a namespace, with an optional auth object. */
  public static Packet connect(String namespace, ObjectNode auth) {
    return new Packet(PacketType.CONNECT, namespace, null, auth, 0);
  }

  /** The server's CONNECT reply: {@code {"sid":...}}. */
  public static Packet connected(String namespace, String sid) {
    ObjectNode data = Json.object().put("sid", sid);
    return new Packet(PacketType.CONNECT, namespace, null, data, 0);
  }

  /** The server's CONNECT reply with a recovery session id. */
  public static Packet connected(String namespace, String sid, String pid) {
    ObjectNode data = Json.object().put("sid", sid).put("pid", pid);
    return new Packet(PacketType.CONNECT, namespace, null, data, 0);
  }

  /** A CONNECT_ERROR: {@code {"message":...}} plus {@code "data"} when given. */
  public static Packet connectError(String namespace, String message, JsonNode details) {
    ObjectNode data = Json.object().put("message", message);
    if (details != null && !details.isNull() && !details.isMissingNode()) {
      data.set("data", details);
    }
    return new Packet(PacketType.CONNECT_ERROR, namespace, null, data, 0);
  }

  public static Packet disconnect(String namespace) {
    return new Packet(PacketType.DISCONNECT, namespace, null, null, 0);
  }

  /** An EVENT {@code [event, ...args]}; an ack id may be null. */
  public static Packet event(String namespace, String event, List<? extends JsonNode> args, Long ackId) {
    ArrayNode data = Json.array().add(Objects.requireNonNull(event, "event"));
    data.addAll(List.copyOf(args));
    return new Packet(PacketType.EVENT, namespace, ackId, data, 0);
  }

  /** An ACK carrying the reply arguments. */
  public static Packet ack(String namespace, long ackId, List<? extends JsonNode> args) {
    ArrayNode data = Json.array();
    data.addAll(List.copyOf(args));
    return new Packet(PacketType.ACK, namespace, ackId, data, 0);
  }

  public boolean hasId() {
    return id != null;
  }

  /** The event name of an EVENT packet (a number is returned as its text), or null. */
  public String eventName() {
    if ((type != PacketType.EVENT && type != PacketType.BINARY_EVENT) || data == null || !data.isArray()
        || data.isEmpty()) {
      return null;
    }
    JsonNode first = data.get(0);
    return first.isTextual() ? first.textValue() : first.asText();
  }

  /** The arguments: after the event name for events, the whole array for acks, empty otherwise. */
  public List<JsonNode> args() {
    if (data == null || !data.isArray()) {
      return List.of();
    }
    int from = (type == PacketType.EVENT || type == PacketType.BINARY_EVENT) ? 1 : 0;
    JsonNode[] out = new JsonNode[Math.max(0, data.size() - from)];
    for (int i = from; i < data.size(); i++) {
      out[i - from] = data.get(i);
    }
    return List.of(out);
  }
}
