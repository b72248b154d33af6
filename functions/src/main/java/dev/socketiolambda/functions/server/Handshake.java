package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What the client sent when it connected, as {@code socket.handshake} in Node.
 *
 * @param headers upgrade request headers, lower-case names
 * @param query query string parameters
 * @param auth the CONNECT auth payload ({@code {}} when none); treat as read-only
 * @param address client IP
 * @param time when the connection was made, as text
 * @param issued when the connection was made, epoch ms
 */
public record Handshake(
    Map<String, String> headers, Map<String, List<String>> query, ObjectNode auth, String address, String time,
    long issued) {

  /** First value of a query parameter, or null. */
  public String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A header by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
