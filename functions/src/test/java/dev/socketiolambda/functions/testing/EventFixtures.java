package dev.socketiolambda.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.handler.WebSocketEvent;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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

  private static final String USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
  private static final AtomicLong IDS = new AtomicLong(0x5EED_0000_0000L);

  private EventFixtures() {}

  /** A {@code $connect} event. */
  public static WebSocketEvent connect(String connectionId) {
    return fixture(WebSocketEvent.connect(connectionId))
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
  public static WebSocketEvent message(String connectionId, String body) {
    return fixture(WebSocketEvent.message(connectionId, body));
  }

  /** A {@code $disconnect} event (client closed: 1001 by default). */
  public static WebSocketEvent disconnect(String connectionId) {
    return fixture(WebSocketEvent.disconnect(connectionId))
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

  /** The fixtures' API, clock, client address and user agent on an event, and a fresh request id. */
  private static WebSocketEvent fixture(WebSocketEvent event) {
    return event.api(STAGE, API_ID, DOMAIN).at(TestClock.DEFAULT_START).sourceIp("198.51.100.23")
        .userAgent(USER_AGENT).requestId(requestId());
  }
}
