package dev.socketiolambda.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.handler.WebSocketEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the events of an API Gateway HTTP API with payload format 2.0 and reads the function's
 * answers the way API Gateway does (AWS docs: "Working with AWS Lambda proxy integrations for HTTP
 * APIs").
 */
final class HttpApiEvents {
  /** Connection-level headers API Gateway does not pass on. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "upgrade", "http2-settings",
      "te", "trailer", "transfer-encoding", "proxy-connection", "proxy-authorization");

  private HttpApiEvents() {}

  /** Settings every event of one HTTP API carries. */
  record Api(String accountId, String apiId, String stage) {}

  /** What a function answered, mapped to an HTTP answer. */
  static LocalHttpResponse response(String functionResponse) {
    JsonNode node;
    try {
      node = GatewayEvents.MAPPER.readTree(functionResponse == null ? "null" : functionResponse);
    } catch (IOException e) {
      return LocalHttpResponse.gatewayMessage(500, "Internal Server Error");
    }
    if (node == null || node.isMissingNode()) {
      return LocalHttpResponse.gatewayMessage(500, "Internal Server Error");
    }
    if (!node.isObject() || !node.has("statusCode")) {
      // payload 2.0 without statusCode: 200, application/json, the whole answer as the body
      String body = node.isTextual() ? node.asText() : node.toString();
      return new LocalHttpResponse(200, List.of(Map.entry("content-type", "application/json")),
          body.getBytes(StandardCharsets.UTF_8));
    }
    JsonNode status = node.get("statusCode");
    if (!status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
      return LocalHttpResponse.gatewayMessage(500, "Internal Server Error");
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode h = node.get("headers");
    if (h != null && h.isObject()) {
      h.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          headers.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        }
      });
    }
    JsonNode cookies = node.get("cookies");
    if (cookies != null && cookies.isArray()) {
      cookies.forEach(c -> headers.add(Map.entry("set-cookie", c.asText())));
    }
    JsonNode bodyNode = node.get("body");
    String body = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.asText();
    byte[] bytes;
    JsonNode base64 = node.get("isBase64Encoded");
    if (base64 != null && base64.asBoolean()) {
      try {
        bytes = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        return LocalHttpResponse.gatewayMessage(500, "Internal Server Error");
      }
    } else {
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    return new LocalHttpResponse(status.asInt(), headers, bytes);
  }

  /** The payload 2.0 event of a request matched to {@code routeKey}. */
  static String event(Api api, LocalHttpRequest request, String routeKey, Map<String, String> pathParameters,
      Map<String, String> claims, String requestId, long now) {
    ObjectNode event = GatewayEvents.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", request.rawPath());
    event.put("rawQueryString", request.rawQuery());

    Map<String, String> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name)) {
        continue;
      }
      if (name.equals("cookie")) {
        for (String c : h.getValue().split(";")) {
          if (!c.isBlank()) {
            cookies.add(c.trim());
          }
        }
        continue;
      }
      headers.merge(name, h.getValue(), (a, b) -> a + "," + b);
    }
    headers.putIfAbsent("host", request.host());
    headers.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(now / 1000) + "-" + hex(12));
    headers.merge("x-forwarded-for", request.sourceIp(), (a, b) -> a + ", " + b);
    headers.put("x-forwarded-port", request.host().substring(request.host().lastIndexOf(':') + 1));
    headers.put("x-forwarded-proto", "http");
    if (!cookies.isEmpty()) {
      ArrayNode array = event.putArray("cookies");
      cookies.forEach(array::add);
    }
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);

    Map<String, String> query = parseQuery(request.rawQuery());
    if (!query.isEmpty()) {
      ObjectNode q = event.putObject("queryStringParameters");
      query.forEach(q::put);
    }

    ObjectNode ctx = event.putObject("requestContext");
    ctx.put("accountId", api.accountId());
    ctx.put("apiId", api.apiId());
    if (claims != null) {
      ObjectNode jwt = ctx.putObject("authorizer").putObject("jwt");
      ObjectNode c = jwt.putObject("claims");
      claims.forEach(c::put);
      // the token's scopes (OAuth "scope", space-separated, or Cognito/Okta "scp")
      String scopes = claims.containsKey("scope") ? claims.get("scope") : claims.get("scp");
      if (scopes != null && !scopes.isBlank()) {
        ArrayNode list = jwt.putArray("scopes");
        for (String scope : scopes.replaceAll("^\\[|\\]$", "").trim().split("\\s+")) {
          list.add(scope);
        }
      }
    }
    String domain = request.host();
    ctx.put("domainName", domain);
    ctx.put("domainPrefix", domain.split("[.:]", 2)[0]);
    ObjectNode http = ctx.putObject("http");
    http.put("method", request.method());
    http.put("path", request.rawPath());
    http.put("protocol", request.protocol());
    http.put("sourceIp", request.sourceIp());
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    ctx.put("requestId", requestId);
    ctx.put("routeKey", routeKey);
    ctx.put("stage", api.stage());
    ctx.put("time", WebSocketEvent.REQUEST_TIME.format(Instant.ofEpochMilli(now)));
    ctx.put("timeEpoch", now);

    byte[] body = request.body();
    boolean binary = body.length > 0 && !isText(headers.get("content-type"), body);
    if (body.length > 0) {
      event.put("body", binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
    }
    if (pathParameters != null && !pathParameters.isEmpty()) {
      ObjectNode p = event.putObject("pathParameters");
      pathParameters.forEach(p::put);
    }
    event.put("isBase64Encoded", binary);
    return event.toString();
  }

  /**
   * Claims as API Gateway's JWT authorizer passes them: strings and numbers as text, arrays
   * flattened to {@code "[a b]"}, objects as JSON.
   */
  static Map<String, String> flattenClaims(Map<String, Object> claims) {
    Map<String, String> out = new LinkedHashMap<>();
    claims.forEach((name, value) -> {
      if (value == null) {
        return;
      }
      if (value instanceof Iterable<?> list) {
        List<String> items = new ArrayList<>();
        list.forEach(v -> items.add(String.valueOf(v)));
        out.put(name, "[" + String.join(" ", items) + "]");
      } else if (value instanceof Map<?, ?> map) {
        out.put(name, GatewayEvents.MAPPER.valueToTree(map).toString());
      } else {
        out.put(name, String.valueOf(value));
      }
    });
    return out;
  }

  /**
   * Text bodies travel as text; everything else (form posts included) base64-encoded, as API
   * Gateway does. Without a content type (the documentation's example) valid UTF-8 counts as text.
   */
  static boolean isText(String contentType, byte[] body) {
    if (contentType == null) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
        return true;
      } catch (java.nio.charset.CharacterCodingException e) {
        return false;
      }
    }
    String t = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    return t.startsWith("text/") || t.equals("application/json") || t.endsWith("+json")
        || t.equals("application/xml") || t.endsWith("+xml") || t.equals("application/javascript");
  }

  /** Decoded query parameters, repeats joined with commas (payload 2.0 has no multi-value map). */
  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    GatewayEvents.parseQuery(raw).forEach((name, values) -> out.put(name, String.join(",", values)));
    return out;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
