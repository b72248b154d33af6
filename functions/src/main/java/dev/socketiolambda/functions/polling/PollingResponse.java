package dev.socketiolambda.functions.polling;

import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the long-polling transport: status, headers (lower-case names), text body. */
public record PollingResponse(int status, Map<String, String> headers, String body) {

  public PollingResponse {
    headers = Map.copyOf(headers);
  }

  static PollingResponse text(int status, String contentType, String body) {
    return new PollingResponse(status, Map.of("content-type", contentType), body);
  }

  /** An Engine.IO error as the reference server words it: {@code {"code":1,"message":"Session ID unknown"}}. */
  static PollingResponse error(int status, int code, String message) {
    return text(status, "application/json", "{\"code\":" + code + ",\"message\":\"" + message + "\"}");
  }

  PollingResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new PollingResponse(status, h, body);
  }
}
