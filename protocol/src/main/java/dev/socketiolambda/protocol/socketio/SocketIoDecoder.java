package dev.socketiolambda.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;

/**
 * Socket.IO v5 decoder with the validation rules of socket.io-parser 4.2.x. Decoding a text
 * header gives a {@link Packet}; when its type is binary, feed it to {@link BinaryReassembly}
 * with the attachments that follow. Every rejection is a {@link ProtocolException}.
 */
public final class SocketIoDecoder {
  /** The reference parser's default limit of attachments per packet. */
  public static final int DEFAULT_MAX_ATTACHMENTS = 10;

  private static final SocketIoDecoder DEFAULT = new SocketIoDecoder(DEFAULT_MAX_ATTACHMENTS);

  private final int maxAttachments;

  private SocketIoDecoder(int maxAttachments) {
    this.maxAttachments = maxAttachments;
  }

  /** A decoder with the reference default of at most 10 attachments. */
  public static SocketIoDecoder standard() {
    return DEFAULT;
  }

  /** A decoder with another attachment limit. */
  public static SocketIoDecoder withMaxAttachments(int maxAttachments) {
    if (maxAttachments < 1) {
      throw new IllegalArgumentException("maxAttachments must be >= 1, was " + maxAttachments);
    }
    return new SocketIoDecoder(maxAttachments);
  }

  /** Decodes the text of an Engine.IO message (what follows the {@code 4}). */
  public Packet decode(String str) {
    try {
      return decodeString(str);
    } catch (ProtocolException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProtocolException("invalid packet: " + e, e);
    }
  }

  private Packet decodeString(String str) {
    if (str == null || str.isEmpty()) {
      throw new ProtocolException("empty socket.io packet");
    }
    final int len = str.length();
    PacketType type = PacketType.fromCode(str.charAt(0));
    if (type == null) {
      throw new ProtocolException("unknown packet type '" + printable(str.charAt(0)) + "'");
    }
    int i = 1;

    int attachments = 0;
    if (type.isBinary()) {
      int dash = str.indexOf('-', i);
      if (dash < 0 || dash == i || dash - i > 9 || !allDigits(str, i, dash)) {
        throw new ProtocolException("Illegal attachments: expected <count>- after the type");
      }
      attachments = Integer.parseInt(str, i, dash, 10);
      if (attachments < 1) {
        throw new ProtocolException("Illegal attachments: count must be >= 1, was " + attachments);
      }
      if (attachments > maxAttachments) {
        throw new ProtocolException("too many attachments: " + attachments + " > " + maxAttachments);
      }
      i = dash + 1;
    }

    String nsp = Packet.MAIN_NAMESPACE;
    if (i < len && str.charAt(i) == '/') {
      int comma = str.indexOf(',', i);
      int end = comma < 0 ? len : comma;
      nsp = str.substring(i, end);
      i = comma < 0 ? len : comma + 1;
    }

    Long id = null;
    if (i < len && isDigit(str.charAt(i))) {
      int start = i;
      while (i < len && isDigit(str.charAt(i))) {
        i++;
      }
      if (i - start > 16) {
        throw new ProtocolException("ack id out of range: " + str.substring(start, i));
      }
      long v = Long.parseLong(str, start, i, 10);
      if (v > Packet.MAX_ACK_ID) {
        throw new ProtocolException("ack id out of range: " + v);
      }
      id = v;
    }

    JsonNode data = null;
    if (i < len) {
      try {
        data = Json.parse(str, i);
      } catch (ProtocolException e) {
        throw new ProtocolException("invalid payload: " + e.getMessage(), e);
      }
      String problem = payloadProblem(type, data);
      if (problem != null) {
        throw new ProtocolException("invalid payload: " + problem);
      }
      if (attachments > 0) {
        BinaryReassembly.checkPlaceholders(data, attachments);
      }
    }
    return new Packet(type, nsp, id, data, attachments);
  }

  private static String payloadProblem(PacketType type, JsonNode payload) {
    return switch (type) {
      case CONNECT -> payload.isObject() ? null : "CONNECT payload must be an object";
      case DISCONNECT -> "DISCONNECT carries no payload";
      case CONNECT_ERROR -> payload.isTextual() || payload.isObject() ? null
          : "CONNECT_ERROR payload must be a string or an object";
      case EVENT, BINARY_EVENT -> eventProblem(payload);
      case ACK, BINARY_ACK -> payload.isArray() ? null : "ACK payload must be an array";
    };
  }

  private static String eventProblem(JsonNode payload) {
    if (!payload.isArray()) {
      return "EVENT payload must be an array";
    }
    if (payload.isEmpty()) {
      return "EVENT payload must start with an event name";
    }
    JsonNode name = payload.get(0);
    if (name.isNumber()) {
      return null;
    }
    if (!name.isTextual()) {
      return "event name must be a string or a number";
    }
    if (Packet.RESERVED_EVENTS.contains(name.textValue())) {
      return "'" + name.textValue() + "' is a reserved event name";
    }
    return null;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
