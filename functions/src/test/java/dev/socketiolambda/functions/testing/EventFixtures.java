package dev.socketiolambda.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API Gateway WebSocket events as the service sends them to a Lambda proxy integration, in the
 * shape AWS documents (and the aws-lambda-go test data records): {@code $connect} (CONNECT, with
 * headers, multi-value headers and query parameters), {@code $default} (MESSAGE, with body and
 * messageId) and {@code $disconnect} (DISCONNECT, with status code and reason).
 *
 * <pre>{@code
 * String connect = EventFixtures.connect("abc=").query("token", "t1").header("User-Agent", "node").json();
 * String message = EventFixtures.message("abc=", "40").json();
 * String bye = EventFixtures.disconnect("abc=").status(1001, "Going away").json();
 * String literal = EventFixtures.resource("events/connect.json");   // files under src/test/resources/events
 * }</pre>
 */
public final class EventFixtures {
  /** The API id, stage and region of the built events. */
  public static final String API_ID = "a1b2c3d4e5";
  public static final String STAGE = "dev";
  public static final String REGION = "us-east-1";
  public static final String DOMAIN = API_ID + ".execute-api." + REGION + ".amazonaws.com";

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final AtomicLong IDS = new AtomicLong(0x5EED_0000_0000L);

  private EventFixtures() {}

  /** A {@code $connect} event. */
  public static Builder connect(String connectionId) {
    return new Builder("$connect", "CONNECT", connectionId)
        .header("Host", DOMAIN)
        .header("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
        .header("Sec-WebSocket-Key", webSocketKey())
        .header("Sec-WebSocket-Version", "13")
        .header("X-Amzn-Trace-Id", "Root=1-65ab9c0e-0123456789abcdef01234567")
        .header("X-Forwarded-For", "198.51.100.23")
        .header("X-Forwarded-Port", "443")
        .header("X-Forwarded-Proto", "https");
  }

  /** A {@code $default} event carrying one text frame. */
  public static Builder message(String connectionId, String body) {
    return new Builder("$default", "MESSAGE", connectionId).body(body);
  }

  /** A {@code $disconnect} event (client closed: 1001 by default). */
  public static Builder disconnect(String connectionId) {
    return new Builder("$disconnect", "DISCONNECT", connectionId)
        .header("Host", DOMAIN)
        .header("x-api-key", "")
        .header("X-Forwarded-For", "")
        .header("x-restapi", "")
        .status(1001, "");
  }

  /** The open step's payload, as the {@code $connect} function sends it with an async invoke. */
  public static String open(String connectionId) {
    return Json.write(Json.object().put("connectionId", connectionId));
  }

  /** A scheduled EventBridge event, as the heartbeat function receives it. */
  public static String scheduled(Instant at) {
    ObjectNode e = Json.object()
        .put("version", "0")
        .put("id", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa")
        .put("detail-type", "Scheduled Event")
        .put("source", "aws.events")
        .put("account", "123456789012")
        .put("time", at.toString())
        .put("region", REGION);
    e.putArray("resources").add("arn:aws:events:" + REGION + ":123456789012:rule/socketio-heartbeat");
    e.putObject("detail");
    return Json.write(e);
  }

  /** A UTF-8 file from the test classpath, e.g. {@code events/connect.json}. */
  public static String resource(String path) {
    try (InputStream in = EventFixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event with its {@code body} replaced (a fixture file reused for another frame). */
  public static String withBody(String eventJson, String body) {
    ObjectNode e = (ObjectNode) Json.parse(eventJson);
    e.put("body", body);
    return Json.write(e);
  }

  /** The event with its {@code requestContext.connectionId} replaced. */
  public static String withConnectionId(String eventJson, String connectionId) {
    ObjectNode e = (ObjectNode) Json.parse(eventJson);
    ((ObjectNode) e.path("requestContext")).put("connectionId", connectionId);
    return Json.write(e);
  }

  /** A field of an event by path, e.g. {@code field(json, "requestContext", "connectionId")}. */
  public static String field(String eventJson, String... path) {
    JsonNode n = Json.parse(eventJson);
    for (String p : path) {
      n = n.path(p);
    }
    return n.isValueNode() ? n.asText() : null;
  }

  public static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A Sec-WebSocket-Key: 16 bytes in base64. */
  static String webSocketKey() {
    byte[] b = new byte[16];
    long v = IDS.getAndAdd(0x9E37_79B9_7F4A_7C15L);
    for (int i = 0; i < 16; i++) {
      b[i] = (byte) (v >>> (8 * (i % 8)) ^ i);
    }
    return Base64.getEncoder().encodeToString(b);
  }

  /** An id shaped like API Gateway's (15 base64 characters and {@code =}). */
  static String requestId() {
    long v = IDS.getAndAdd(0x9E37_79B9_7F4A_7C15L);
    byte[] b = new byte[11];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    b[8] = (byte) (v >>> 13);
    b[9] = (byte) (v >>> 29);
    b[10] = (byte) (v >>> 41);
    return Base64.getEncoder().encodeToString(b).replace('/', 'x').replace('+', 'y');
  }

  /** Builds one event; {@link #json()} renders it. */
  public static final class Builder {
    private final String routeKey;
    private final String eventType;
    private final String connectionId;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private String domainName = DOMAIN;
    private String stage = STAGE;
    private String apiId = API_ID;
    private long requestTimeEpoch = TestClock.DEFAULT_START;
    private Long connectedAt;
    private String sourceIp = "198.51.100.23";
    private String userAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
    private String body;
    private boolean base64;
    private int disconnectStatusCode;
    private String disconnectReason;

    private Builder(String routeKey, String eventType, String connectionId) {
      this.routeKey = routeKey;
      this.eventType = eventType;
      this.connectionId = connectionId;
    }

    /** Adds a header value (repeat for a multi-valued header). */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Adds a query parameter value (repeat for a multi-valued parameter). */
    public Builder query(String name, String value) {
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    public Builder domainName(String domainName) {
      this.domainName = domainName;
      return this;
    }

    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    public Builder apiId(String apiId) {
      this.apiId = apiId;
      return this;
    }

    /** When API Gateway received the request, epoch ms. */
    public Builder at(long epochMillis) {
      this.requestTimeEpoch = epochMillis;
      return this;
    }

    /** When the connection was made, epoch ms (default: a few ms before {@link #at}). */
    public Builder connectedAt(long epochMillis) {
      this.connectedAt = epochMillis;
      return this;
    }

    public Builder sourceIp(String sourceIp) {
      this.sourceIp = sourceIp;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder body(String body) {
      this.body = body;
      return this;
    }

    /** Marks the body as base64 (a binary WebSocket frame). */
    public Builder base64(boolean base64) {
      this.base64 = base64;
      return this;
    }

    /** The WebSocket close code and reason of a {@code $disconnect}. */
    public Builder status(int code, String reason) {
      this.disconnectStatusCode = code;
      this.disconnectReason = reason;
      return this;
    }

    public ObjectNode node() {
      ObjectNode e = Json.object();
      boolean message = "MESSAGE".equals(eventType);
      if (!message) {
        ObjectNode single = e.putObject("headers");
        ObjectNode multi = e.putObject("multiValueHeaders");
        headers.forEach((k, vs) -> {
          single.put(k, vs.get(vs.size() - 1));
          var a = multi.putArray(k);
          vs.forEach(a::add);
        });
        if (!query.isEmpty()) {
          ObjectNode singleQ = e.putObject("queryStringParameters");
          ObjectNode multiQ = e.putObject("multiValueQueryStringParameters");
          query.forEach((k, vs) -> {
            singleQ.put(k, vs.get(vs.size() - 1));
            var a = multiQ.putArray(k);
            vs.forEach(a::add);
          });
        }
      }
      String requestId = requestId();
      ObjectNode rc = e.putObject("requestContext");
      rc.put("routeKey", routeKey);
      if (message) {
        rc.put("messageId", requestId());
      }
      if ("DISCONNECT".equals(eventType)) {
        rc.put("disconnectStatusCode", disconnectStatusCode);
      }
      rc.put("eventType", eventType);
      rc.put("extendedRequestId", requestId);
      rc.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(requestTimeEpoch)));
      rc.put("messageDirection", "IN");
      if ("DISCONNECT".equals(eventType)) {
        rc.put("disconnectReason", disconnectReason == null ? "" : disconnectReason);
      }
      rc.put("stage", stage);
      rc.put("connectedAt", connectedAt != null ? connectedAt : message || "DISCONNECT".equals(eventType)
          ? requestTimeEpoch - 1_000 : requestTimeEpoch - 7);
      rc.put("requestTimeEpoch", requestTimeEpoch);
      ObjectNode identity = rc.putObject("identity");
      identity.put("userAgent", userAgent);
      identity.put("sourceIp", sourceIp);
      rc.put("requestId", requestId);
      rc.put("domainName", domainName);
      rc.put("connectionId", connectionId);
      rc.put("apiId", apiId);
      if (message) {
        e.put("body", body);
      }
      e.put("isBase64Encoded", base64);
      return e;
    }

    public String json() {
      return Json.write(node());
    }

    public InputStream stream() {
      return EventFixtures.stream(json());
    }
  }
}
