package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The seed's payload of every event: {@code {type, data, timestamp, userId?, metadata?}}. {@code type}
 * is the event name, {@code timestamp} an ISO-8601 UTC string with milliseconds (what
 * {@code JSON.stringify(new Date())} gives), {@code userId} who made the change (left out when
 * nobody did: schedules).
 */
public final class Envelope {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Envelope() {}

  public static ObjectNode of(String event, JsonNode data, String timestamp, String userId) {
    ObjectNode e = Json.object().put("type", event);
    e.set("data", data);
    e.put("timestamp", timestamp);
    if (userId != null && !userId.isEmpty()) {
      e.put("userId", userId);
    }
    return e;
  }

  /** The ISO text of a time, as JavaScript writes dates ({@code 2025-10-20T12:00:00.000Z}). */
  public static String iso(long epochMillis) {
    return ISO.format(Instant.ofEpochMilli(epochMillis));
  }
}
