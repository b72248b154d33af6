package dev.socketiolambda.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.engineio.EngineType;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.BinaryReassembly;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.PacketType;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test glue shared by the cross-implementation and property tests: runs a sequence of Engine.IO
 * frames through the Java codec the way the reference server does, and describes packets as the
 * JSON text the Node side prints ({@code {"type":n,"nsp":..,"id":n,"data":..}}, binary values as
 * {@code {"$binary":"<base64>"}}).
 */
public final class Wire {
  private static final String BINARY_KEY = "$binary";

  private Wire() {}

  /**
   * Decodes Engine.IO text frames into complete Socket.IO packets, as socket.io-parser's Decoder
   * does: a binary header waits for its attachments, an attachment without a header or text
   * during reassembly is an error. A header still waiting at the end yields nothing.
   */
  public static List<Packet> decodeFrames(List<String> frames) {
    List<Packet> out = new ArrayList<>();
    BinaryReassembly pending = null;
    for (String frame : frames) {
      EnginePacket e = EngineIo.decode(frame);
      if (e.type() != EngineType.MESSAGE) {
        throw new ProtocolException("not a message packet: " + e.type());
      }
      if (e.isBinary()) {
        if (pending == null) {
          throw new ProtocolException("got binary data when not reconstructing a packet");
        }
        pending = pending.add(e.binary());
        if (pending.isComplete()) {
          out.add(pending.assemble());
          pending = null;
        }
      } else {
        if (pending != null) {
          throw new ProtocolException("got plaintext data when reconstructing a packet");
        }
        Packet p = SocketIoDecoder.standard().decode(e.text());
        if (p.type().isBinary()) {
          pending = BinaryReassembly.begin(p);
        } else {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** The JSON description of a packet, written exactly as the Node script writes it. */
  public static String describe(Packet p) {
    ObjectNode d = Json.object();
    d.put("type", p.type().ordinal());
    d.put("nsp", p.namespace());
    if (p.id() != null) {
      d.put("id", p.id());
    }
    if (p.data() != null) {
      d.set("data", toMarkers(p.data()));
    }
    return Json.write(d);
  }

  /** The packet a description stands for (binary markers become binary values). */
  public static Packet packet(String description) {
    JsonNode d = Json.parse(description);
    PacketType type = PacketType.values()[d.get("type").intValue()];
    Long id = d.hasNonNull("id") ? d.get("id").longValue() : null;
    JsonNode data = d.has("data") ? fromMarkers(d.get("data")) : null;
    return new Packet(type, d.get("nsp").textValue(), id, data, 0);
  }

  /** Engine.IO packet description: {@code {"type":"message","data":..}} or {@code {"type":"message","binary":b64}}. */
  public static String describe(EnginePacket p) {
    ObjectNode d = Json.object();
    d.put("type", p.type().name().toLowerCase(Locale.ROOT));
    if (p.isBinary()) {
      d.put("binary", Base64.getEncoder().encodeToString(p.binary()));
    } else if (p.text() != null) {
      d.put("data", p.text());
    }
    return Json.write(d);
  }

  /** The Engine.IO packet a description stands for. */
  public static EnginePacket enginePacket(String description) {
    JsonNode d = Json.parse(description);
    EngineType type = EngineType.valueOf(d.get("type").textValue().toUpperCase(Locale.ROOT));
    if (d.has("binary")) {
      return EnginePacket.binary(Base64.getDecoder().decode(d.get("binary").textValue()));
    }
    return new EnginePacket(type, d.has("data") ? d.get("data").textValue() : null, null);
  }

  /** A copy of a tree with binary values replaced by {@code {"$binary": base64}}. */
  public static JsonNode toMarkers(JsonNode node) {
    if (node.isBinary()) {
      try {
        return Json.object().put(BINARY_KEY, Base64.getEncoder().encodeToString(node.binaryValue()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    if (node.isArray()) {
      ArrayNode out = Json.array();
      node.forEach(child -> out.add(toMarkers(child)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), toMarkers(e.getValue()));
      }
      return out;
    }
    return node;
  }

  /** A copy of a tree with {@code {"$binary": base64}} objects replaced by binary values. */
  public static JsonNode fromMarkers(JsonNode node) {
    if (node.isObject() && node.size() == 1 && node.path(BINARY_KEY).isTextual()) {
      return Json.nodes().binaryNode(Base64.getDecoder().decode(node.get(BINARY_KEY).textValue()));
    }
    if (node.isArray()) {
      ArrayNode out = Json.array();
      node.forEach(child -> out.add(fromMarkers(child)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), fromMarkers(e.getValue()));
      }
      return out;
    }
    return node;
  }
}
