package dev.socketiolambda.protocol.engineio;

import dev.socketiolambda.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 codec. WebSocket frames are text: {@code <type><data>}, and binary messages as
 * {@code b<base64>} (the only form API Gateway lets through). Polling payloads join packets with
 * the record separator {@code \u001e}.
 */
public final class EngineIo {
  /** Separates packets in an HTTP long-polling payload. */
  public static final char RECORD_SEPARATOR = '\u001e';

  private EngineIo() {}

  /** Encodes a packet as one text frame; binary data as {@code b<base64>}. */
  public static String encode(EnginePacket packet) {
    if (packet.isBinary()) {
      return encodeBinary(packet.binary());
    }
    String text = packet.text();
    if (text == null) {
      return String.valueOf(packet.type().code());
    }
    return new StringBuilder(text.length() + 1).append(packet.type().code()).append(text).toString();
  }

  /** The text frame of a binary message, without copying the packet: {@code b<base64>}. */
  public static String encodeBinary(byte[] data) {
    return "b" + Base64.getEncoder().encodeToString(data);
  }

  /** The text frame of a message packet: {@code 4<text>}. */
  public static String encodeMessage(String text) {
    return "4".concat(text); // one copy, keeps the coder of text (a StringBuilder would widen and re-compress it)
  }

  /** Decodes one text frame. */
  public static EnginePacket decode(String frame) {
    if (frame == null || frame.isEmpty()) {
      throw new ProtocolException("empty engine.io packet");
    }
    char c = frame.charAt(0);
    if (c == 'b') {
      try {
        return new EnginePacket(EngineType.MESSAGE, null, Base64.getDecoder().decode(frame.substring(1)));
      } catch (IllegalArgumentException e) {
        throw new ProtocolException("invalid base64 in binary engine.io packet: " + e.getMessage(), e);
      }
    }
    EngineType type = EngineType.fromCode(c);
    if (type == null) {
      throw new ProtocolException("unknown engine.io packet type '" + printable(c) + "'");
    }
    return new EnginePacket(type, frame.length() > 1 ? frame.substring(1) : null, null);
  }

  /** Decodes a raw binary frame (a binary WebSocket message): always a binary MESSAGE. */
  public static EnginePacket decode(byte[] frame) {
    if (frame == null) {
      throw new ProtocolException("null binary engine.io packet");
    }
    return new EnginePacket(EngineType.MESSAGE, null, frame.clone());
  }

  /** Encodes packets as one long-polling payload. */
  public static String encodePayload(List<EnginePacket> packets) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) {
        sb.append(RECORD_SEPARATOR);
      }
      sb.append(encode(packets.get(i)));
    }
    return sb.toString();
  }

  /** Decodes a long-polling payload; any bad packet rejects the whole payload. */
  public static List<EnginePacket> decodePayload(String payload) {
    if (payload == null || payload.isEmpty()) {
      throw new ProtocolException("empty engine.io payload");
    }
    List<EnginePacket> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = payload.indexOf(RECORD_SEPARATOR, start);
      String part = end < 0 ? payload.substring(start) : payload.substring(start, end);
      out.add(decode(part));
      if (end < 0) {
        return out;
      }
      start = end + 1;
    }
  }

  static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
