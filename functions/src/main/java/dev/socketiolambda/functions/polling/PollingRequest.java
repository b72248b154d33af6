package dev.socketiolambda.functions.polling;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request of the long-polling transport.
 *
 * @param method upper case
 * @param query decoded query parameters
 * @param headers lower-case names
 * @param body the body as text (empty when none)
 * @param bodyBytes the body's size in bytes
 * @param sourceIp client address
 * @param at epoch ms of the request
 */
public record PollingRequest(String method, Map<String, List<String>> query, Map<String, String> headers, String body,
    long bodyBytes, String sourceIp, long at) {

  public PollingRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  String header(String name) {
    return headers.get(name);
  }
}
