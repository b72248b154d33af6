package dev.socketiolambda.protocol.engineio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The handshake data of an Engine.IO open packet, written with the keys in the reference server's order. */
public record OpenPacket(String sid, List<String> upgrades, long pingInterval, long pingTimeout, long maxPayload) {
  /** Largest value JavaScript's setTimeout accepts; the client's ping timer is interval + timeout. */
  public static final long MAX_TIMER_MS = 2_147_483_647L;

  public OpenPacket {
    Objects.requireNonNull(sid, "sid");
    upgrades = List.copyOf(upgrades);
    if (pingInterval <= 0 || pingTimeout <= 0) {
      throw new IllegalArgumentException(
          "pingInterval and pingTimeout must be > 0, were " + pingInterval + " and " + pingTimeout);
    }
    if (pingInterval > MAX_TIMER_MS - pingTimeout) { // not the sum: it can overflow to a negative long
      throw new IllegalArgumentException("pingInterval + pingTimeout must be <= " + MAX_TIMER_MS
          + " (JavaScript timer limit), was " + pingInterval + " + " + pingTimeout);
    }
    if (maxPayload <= 0) {
      throw new IllegalArgumentException("maxPayload must be > 0, was " + maxPayload);
    }
  }

  /** An open packet with no upgrades, as every WebSocket-only server must send. */
  public static OpenPacket of(String sid, long pingInterval, long pingTimeout, long maxPayload) {
    return new OpenPacket(sid, List.of(), pingInterval, pingTimeout, maxPayload);
  }

  /** The JSON text: {@code {"sid":..,"upgrades":[..],"pingInterval":..,"pingTimeout":..,"maxPayload":..}}. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(96).append("{\"sid\":").append(Json.quote(sid)).append(",\"upgrades\":[");
    for (int i = 0; i < upgrades.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(Json.quote(upgrades.get(i)));
    }
    return sb.append("],\"pingInterval\":").append(pingInterval)
        .append(",\"pingTimeout\":").append(pingTimeout)
        .append(",\"maxPayload\":").append(maxPayload).append('}').toString();
  }

  /** The whole text frame: {@code 0} followed by the JSON. */
  public String toFrame() {
    return EngineType.OPEN.code() + toJson();
  }

  /** Reads the data of an open packet (what follows the {@code 0}). */
  public static OpenPacket parse(String json) {
    JsonNode n = Json.parse(json);
    if (!n.isObject() || !n.path("sid").isTextual() || !n.path("upgrades").isArray()
        || !n.path("pingInterval").canConvertToExactIntegral() || !n.path("pingTimeout").canConvertToExactIntegral()
        || !n.path("maxPayload").canConvertToExactIntegral()) {
      throw new ProtocolException("invalid open packet: " + json);
    }
    List<String> upgrades = new ArrayList<>();
    for (JsonNode u : n.get("upgrades")) {
      upgrades.add(u.asText());
    }
    try {
      return new OpenPacket(n.get("sid").textValue(), upgrades, n.get("pingInterval").longValue(),
          n.get("pingTimeout").longValue(), n.get("maxPayload").longValue());
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("invalid open packet: " + e.getMessage(), e);
    }
  }
}
