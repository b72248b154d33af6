package dev.socketiolambda.local.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One plain HTTP request (not a WebSocket upgrade) that reached the emulator's port: what the HTTP
 * handlers (routes, static assets, later long-polling) see. Headers keep their order, case and
 * repeats; the body is complete.
 *
 * @param method the method in upper case
 * @param rawPath the path as sent, percent-encoded
 * @param rawQuery the query as sent without {@code ?}, or {@code ""}
 * @param protocol {@code HTTP/1.1}
 * @param headers every header line in arrival order
 * @param body the body (empty when none)
 * @param sourceIp the client's address
 * @param host {@code 127.0.0.1:PORT} of the port the request reached
 */
public record LocalHttpRequest(String method, String rawPath, String rawQuery, String protocol,
    List<Map.Entry<String, String>> headers, byte[] body, String sourceIp, String host) {

  public LocalHttpRequest {
    headers = List.copyOf(headers);
  }

  /** The first value of a header, any case. */
  public Optional<String> header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(h.getValue());
      }
    }
    return Optional.empty();
  }
}
