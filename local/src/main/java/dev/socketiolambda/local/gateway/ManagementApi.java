package dev.socketiolambda.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.framing.CloseFrame;

/**
 * The {@code @connections} management API: {@code POST|GET|DELETE
 * [/{stage}]/@connections/{connectionId}}, answered as API Gateway answers, errors included
 * (status, {@code x-amzn-ErrorType} header, {@code {"message":...}} body), so the AWS SDK's
 * {@code ApiGatewayManagementApiClient} parses them into its typed exceptions.
 */
final class ManagementApi implements HttpHandler {
  private static final Pattern PATH = Pattern.compile("^(?:/([^/]+))?/@connections/([^/]+)/?$");

  private final WebSocketGatewayEmulator emulator;
  private final ManagementFaults faults;

  ManagementApi(WebSocketGatewayEmulator emulator, ManagementFaults faults) {
    this.emulator = emulator;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = GatewayEvents.newId();
    try {
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      serve(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      trySendError(exchange);
    } catch (RuntimeException e) {
      GatewayLog.error("management API request failed", e);
      trySendError(exchange);
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange) throws IOException, InterruptedException {
    String path = exchange.getRequestURI().getPath();
    Matcher m = PATH.matcher(path == null ? "" : path);
    if (!m.matches() || (m.group(1) != null && !m.group(1).equals(emulator.stage()))) {
      sendError(exchange, ManagementFaults.Fault.forbidden());
      return;
    }
    String connectionId = m.group(2);
    String method = exchange.getRequestMethod();
    ManagementFaults.Operation operation;
    switch (method) {
      case "POST" -> operation = ManagementFaults.Operation.POST_TO_CONNECTION;
      case "GET" -> operation = ManagementFaults.Operation.GET_CONNECTION;
      case "DELETE" -> operation = ManagementFaults.Operation.DELETE_CONNECTION;
      default -> {
        sendError(exchange, ManagementFaults.Fault.forbidden());
        return;
      }
    }
    byte[] payload = null;
    if (operation == ManagementFaults.Operation.POST_TO_CONNECTION) {
      try (InputStream in = exchange.getRequestBody()) {
        payload = in.readNBytes(emulator.maxMessageBytes() + 1);
      }
    }
    ManagementFaults.Fault fault = faults.before(operation, connectionId);
    if (fault != null) {
      sendError(exchange, fault);
      return;
    }
    GatewayConnection connection = emulator.openConnection(connectionId);
    switch (operation) {
      case POST_TO_CONNECTION -> post(exchange, connection, payload);
      case GET_CONNECTION -> get(exchange, connection);
      case DELETE_CONNECTION -> delete(exchange, connection);
      default -> throw new IllegalStateException(operation.toString());
    }
  }

  private void post(HttpExchange exchange, GatewayConnection connection, byte[] payload)
      throws IOException {
    if (payload.length > emulator.maxMessageBytes()) {
      sendError(exchange, 413, "PayloadTooLargeException", "Message too long");
      return;
    }
    if (connection == null || !emulator.send(connection, new String(payload, StandardCharsets.UTF_8))) {
      sendGone(exchange);
      return;
    }
    exchange.sendResponseHeaders(200, -1);
  }

  private void get(HttpExchange exchange, GatewayConnection connection) throws IOException {
    if (connection == null) {
      sendGone(exchange);
      return;
    }
    ObjectNode body = GatewayEvents.MAPPER.createObjectNode();
    body.put("connectedAt", GatewayEvents.ISO_MILLIS.format(Instant.ofEpochMilli(connection.connectedAt())));
    ObjectNode identity = body.putObject("identity");
    identity.put("sourceIp", connection.sourceIp());
    if (connection.userAgent() != null) {
      identity.put("userAgent", connection.userAgent());
    }
    body.put("lastActiveAt", GatewayEvents.ISO_MILLIS.format(Instant.ofEpochMilli(connection.lastActiveAt())));
    sendJson(exchange, 200, GatewayEvents.write(body));
  }

  private void delete(HttpExchange exchange, GatewayConnection connection) throws IOException {
    if (connection == null
        || !emulator.closeByServer(connection, CloseFrame.NORMAL, "")) {
      sendGone(exchange);
      return;
    }
    exchange.sendResponseHeaders(204, -1);
  }

  private static void trySendError(HttpExchange exchange) {
    try {
      sendError(exchange, ManagementFaults.Fault.internalError());
    } catch (IOException | RuntimeException e) {
      // the response was already (partly) sent, or the client went away
    }
  }

  private static void sendGone(HttpExchange exchange) throws IOException {
    sendError(exchange, 410, "GoneException", null);
  }

  private static void sendError(HttpExchange exchange, ManagementFaults.Fault fault) throws IOException {
    sendError(exchange, fault.statusCode(), fault.errorType(), fault.message());
  }

  private static void sendError(HttpExchange exchange, int status, String errorType, String message)
      throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    sendJson(exchange, status, GatewayEvents.messageBody(message));
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
