package dev.socketiolambda.local.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An answer of the emulator's HTTP side: status, header lines (repeats allowed) and body. */
public record LocalHttpResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

  public LocalHttpResponse {
    headers = List.copyOf(headers);
  }

  /** A JSON answer as API Gateway words its own errors: {@code {"message":"Not Found"}}. */
  public static LocalHttpResponse gatewayMessage(int status, String message) {
    return new LocalHttpResponse(status, List.of(Map.entry("content-type", "application/json")),
        ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
