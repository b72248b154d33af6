package dev.socketiolambda.local.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.handler.WebSocketEvent;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The emulator's API Gateway WebSocket events ({@link WebSocketEvent}) and the reading of Lambda proxy responses. */
final class GatewayEvents {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** ISO-8601 with milliseconds, as {@code GetConnection} answers: {@code 2026-11-21T23:11:48.123Z}. */
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder();

  private GatewayEvents() {}

  /** Settings that every event of one emulator carries. */
  record Api(String stage, String apiId, String domainName) {}

  /** A parsed Lambda response: status (default 200), body (null when absent), headers. */
  record RouteResponse(int statusCode, String body, Map<String, String> headers) {}

  /**
   * A new id in API Gateway's style: 11 random bytes in URL-safe base64, 16 characters ending in
   * {@code =} (for example {@code ZxY1abCDoAMCJrQ=}).
   */
  static String newId() {
    byte[] bytes = new byte[11];
    ThreadLocalRandom.current().nextBytes(bytes);
    return ID_ENCODER.encodeToString(bytes);
  }

  static String connectEvent(
      Api api,
      GatewayConnection connection,
      Map<String, String> headers,
      Map<String, List<String>> query,
      String requestId,
      long now) {
    WebSocketEvent event = event(WebSocketEvent.connect(connection.id()), api, connection, requestId, now);
    headers.forEach(event::header);
    query.forEach((name, values) -> values.forEach(v -> event.query(name, v)));
    return event.json();
  }

  static String messageEvent(
      Api api, GatewayConnection connection, String body, String requestId, String messageId,
      long now) {
    return event(WebSocketEvent.message(connection.id(), body), api, connection, requestId, now)
        .messageId(messageId).json();
  }

  static String disconnectEvent(
      Api api, GatewayConnection connection, int statusCode, String reason, String requestId,
      long now) {
    // What API Gateway sends on $disconnect: no client headers any more, just these.
    return event(WebSocketEvent.disconnect(connection.id()), api, connection, requestId, now)
        .header("Host", api.domainName())
        .header("x-api-key", "")
        .header("X-Forwarded-For", "")
        .header("x-restapi", "")
        .status(statusCode, reason)
        .json();
  }

  private static WebSocketEvent event(WebSocketEvent event, Api api, GatewayConnection connection,
      String requestId, long now) {
    return event.api(api.stage(), api.apiId(), api.domainName()).at(now).connectedAt(connection.connectedAt())
        .sourceIp(connection.sourceIp()).userAgent(connection.userAgent()).requestId(requestId);
  }

  /**
   * Reads a Lambda proxy response. A JSON object is read for {@code statusCode} (default 200),
   * {@code body} and {@code headers}; {@code null} means no body; anything else (a bare string,
   * invalid JSON) is taken as the body itself.
   */
  static RouteResponse parseResponse(String json) {
    if (json == null || json.isBlank()) {
      return new RouteResponse(200, null, Map.of());
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new RouteResponse(200, json, Map.of());
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new RouteResponse(200, null, Map.of());
    }
    if (!node.isObject()) {
      return new RouteResponse(200, node.isTextual() ? node.asText() : json, Map.of());
    }
    int status = 200;
    JsonNode statusNode = node.get("statusCode");
    if (statusNode != null && statusNode.canConvertToInt()) {
      status = statusNode.asInt();
    } else if (statusNode != null && statusNode.isTextual()) {
      try {
        status = Integer.parseInt(statusNode.asText().trim());
      } catch (NumberFormatException e) {
        status = 502;
      }
    }
    JsonNode bodyNode = node.get("body");
    String body = null;
    if (bodyNode != null && !bodyNode.isNull()) {
      body = bodyNode.isTextual() ? bodyNode.asText() : write(bodyNode);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode headersNode = node.get("headers");
    if (headersNode != null && headersNode.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = headersNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          headers.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    return new RouteResponse(status, body, headers);
  }

  /**
   * The error frame API Gateway sends to the client, byte for byte in its odd spacing:
   * {@code {"message": "Internal server error", "connectionId":"...", "requestId":"..."}}.
   */
  static String errorFrame(String message, String connectionId, String requestId) {
    return "{\"message\": " + quote(message) + ", \"connectionId\":" + quote(connectionId)
        + ", \"requestId\":" + quote(requestId) + "}";
  }

  /** A JSON {@code {"message": ...}} body (message may be null). */
  static String messageBody(String message) {
    ObjectNode node = MAPPER.createObjectNode();
    if (message == null) {
      node.putNull("message");
    } else {
      node.put("message", message);
    }
    return write(node);
  }

  /**
   * Parses a query string ({@code a=1&b=2&a=3}) into names with all their values, in order.
   * Values are URL-decoded; a malformed escape keeps the raw text.
   */
  static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static String quote(String value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
