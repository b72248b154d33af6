package dev.socketiolambda.functions.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An API Gateway WebSocket event as the service sends it to a Lambda proxy integration:
 * {@code $connect} (CONNECT: headers, multi-value headers, query parameters), {@code $default}
 * (MESSAGE: body, messageId) and {@code $disconnect} (DISCONNECT: status code and reason, only
 * API Gateway's own headers). The one builder of these events: the local stack's emulator sends
 * them, tests use them as fixtures, the handlers read them ({@link Events}).
 *
 * <pre>{@code
 * String e = WebSocketEvent.connect("abc=").header("Host", "x").query("token", "t").at(now).json();
 * }</pre>
 */
public final class WebSocketEvent {
  /** API Gateway's {@code requestTime}: {@code 21/Nov/2026:23:11:48 +0000}. */
  public static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final String routeKey;
  private final String eventType;
  private final String connectionId;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final Map<String, List<String>> query = new LinkedHashMap<>();
  private String domainName;
  private String stage;
  private String apiId;
  private long requestTimeEpoch;
  private Long connectedAt;
  private String sourceIp;
  private String userAgent;
  private String requestId;
  private String messageId;
  private String body;
  private boolean base64;
  private int disconnectStatusCode = 1005;
  private String disconnectReason = "";

  private WebSocketEvent(String routeKey, String eventType, String connectionId) {
    this.routeKey = routeKey;
    this.eventType = eventType;
    this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
  }

  /** A {@code $connect} event. */
  public static WebSocketEvent connect(String connectionId) {
    return new WebSocketEvent("$connect", "CONNECT", connectionId);
  }

  /** A {@code $default} event carrying one text frame (or, with {@link #base64}, a binary one). */
  public static WebSocketEvent message(String connectionId, String body) {
    return new WebSocketEvent("$default", "MESSAGE", connectionId).body(body);
  }

  /** A {@code $disconnect} event. */
  public static WebSocketEvent disconnect(String connectionId) {
    return new WebSocketEvent("$disconnect", "DISCONNECT", connectionId);
  }

  /** Adds a header value (repeat for a multi-valued header). */
  public WebSocketEvent header(String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Adds a query parameter value (repeat for a multi-valued parameter). */
  public WebSocketEvent query(String name, String value) {
    query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  /** The API that received it: stage, API id and the domain name clients used. */
  public WebSocketEvent api(String stage, String apiId, String domainName) {
    this.stage = stage;
    this.apiId = apiId;
    this.domainName = domainName;
    return this;
  }

  /** When API Gateway received the request, epoch ms. */
  public WebSocketEvent at(long epochMillis) {
    this.requestTimeEpoch = epochMillis;
    return this;
  }

  /** When the connection was made, epoch ms (default: a few ms before {@link #at} on connect, 1 s on others). */
  public WebSocketEvent connectedAt(long epochMillis) {
    this.connectedAt = epochMillis;
    return this;
  }

  public WebSocketEvent sourceIp(String sourceIp) {
    this.sourceIp = sourceIp;
    return this;
  }

  /** The client's user agent, or null when it sent none. */
  public WebSocketEvent userAgent(String userAgent) {
    this.userAgent = userAgent;
    return this;
  }

  public WebSocketEvent requestId(String requestId) {
    this.requestId = requestId;
    return this;
  }

  /** The message id of a {@code $default} event (default: its request id). */
  public WebSocketEvent messageId(String messageId) {
    this.messageId = messageId;
    return this;
  }

  public WebSocketEvent body(String body) {
    this.body = body;
    return this;
  }

  /** Marks the body as base64 (a binary WebSocket frame). */
  public WebSocketEvent base64(boolean base64) {
    this.base64 = base64;
    return this;
  }

  /** The WebSocket close code and reason of a {@code $disconnect}. */
  public WebSocketEvent status(int code, String reason) {
    this.disconnectStatusCode = code;
    this.disconnectReason = reason == null ? "" : reason;
    return this;
  }

  public ObjectNode node() {
    ObjectNode e = Json.object();
    boolean message = "MESSAGE".equals(eventType);
    boolean disconnect = "DISCONNECT".equals(eventType);
    if (!message) {
      ObjectNode single = e.putObject("headers");
      ObjectNode multi = e.putObject("multiValueHeaders");
      headers.forEach((name, values) -> {
        single.put(name, values.get(values.size() - 1));
        ArrayNode a = multi.putArray(name);
        values.forEach(a::add);
      });
      if (!query.isEmpty()) {
        ObjectNode singleQuery = e.putObject("queryStringParameters");
        ObjectNode multiQuery = e.putObject("multiValueQueryStringParameters");
        query.forEach((name, values) -> {
          singleQuery.put(name, values.get(values.size() - 1));
          ArrayNode a = multiQuery.putArray(name);
          values.forEach(a::add);
        });
      }
    }
    // requestContext's fields in the order AWS documents them
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("routeKey", routeKey);
    if (message) {
      ctx.put("messageId", messageId != null ? messageId : requestId);
    }
    if (disconnect) {
      ctx.put("disconnectStatusCode", disconnectStatusCode);
    }
    ctx.put("eventType", eventType);
    ctx.put("extendedRequestId", requestId);
    ctx.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(requestTimeEpoch)));
    ctx.put("messageDirection", "IN");
    if (disconnect) {
      ctx.put("disconnectReason", disconnectReason);
    }
    ctx.put("stage", stage);
    ctx.put("connectedAt", connectedAt != null ? connectedAt
        : requestTimeEpoch - ("CONNECT".equals(eventType) ? 7 : 1_000));
    ctx.put("requestTimeEpoch", requestTimeEpoch);
    ObjectNode identity = ctx.putObject("identity");
    if (userAgent != null) {
      identity.put("userAgent", userAgent);
    }
    identity.put("sourceIp", sourceIp);
    ctx.put("requestId", requestId);
    ctx.put("domainName", domainName);
    ctx.put("connectionId", connectionId);
    ctx.put("apiId", apiId);
    if (message) {
      e.put("body", body);
    }
    e.put("isBase64Encoded", base64);
    return e;
  }

  public String json() {
    return Json.write(node());
  }
}
