package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which parts of a client's handshake are stored past its CONNECT, for {@code socket.handshake} in
 * later events, disconnect listeners and fetched sockets. Middlewares and connection listeners see
 * the whole handshake (the CONNECT auth payload, every header and query parameter); afterwards a
 * socket's handshake holds only what is declared here. The {@link #defaults()} keep no credential:
 * no auth key, no query parameter but the Engine.IO ones, and only the headers
 * {@value #DEFAULT_HEADER_LIST}.
 *
 * <pre>{@code
 * io.storedHandshake(StoredHandshake.defaults().withAuth("name").withQuery("room").withHeaders("x-client-version"));
 * }</pre>
 *
 * @param authKeys top-level keys of the CONNECT auth payload kept in the socket's row
 * @param queryKeys query parameters kept in the connection's row (the Engine.IO ones always are)
 * @param headerNames request headers kept in the connection's row (lower-case)
 */
public record StoredHandshake(Set<String> authKeys, Set<String> queryKeys, Set<String> headerNames) {
  static final String DEFAULT_HEADER_LIST = "host, origin, user-agent, accept-language";
  private static final Set<String> DEFAULT_HEADERS = Set.of("host", "origin", "user-agent", "accept-language");
  /** Engine.IO's own parameters: the transport and the upgrade's session id are read after the CONNECT. */
  private static final Set<String> ENGINE_QUERY = Set.of("EIO", "transport", "sid");

  public StoredHandshake {
    authKeys = Set.copyOf(Objects.requireNonNull(authKeys, "authKeys"));
    queryKeys = Set.copyOf(Objects.requireNonNull(queryKeys, "queryKeys"));
    headerNames = lowerCase(Objects.requireNonNull(headerNames, "headerNames"));
  }

  /** No auth key, the Engine.IO query parameters, the headers {@value #DEFAULT_HEADER_LIST}. */
  public static StoredHandshake defaults() {
    return new StoredHandshake(Set.of(), Set.of(), DEFAULT_HEADERS);
  }

  /** These keys of the CONNECT auth payload too ({@code socket.handshake().auth()} after the CONNECT). */
  public StoredHandshake withAuth(String... keys) {
    return new StoredHandshake(union(authKeys, keys), queryKeys, headerNames);
  }

  /** These query parameters too. */
  public StoredHandshake withQuery(String... keys) {
    return new StoredHandshake(authKeys, union(queryKeys, keys), headerNames);
  }

  /** These request headers too (any case). */
  public StoredHandshake withHeaders(String... names) {
    return new StoredHandshake(authKeys, queryKeys, union(headerNames, names));
  }

  /** The declared keys of a CONNECT auth payload (a new object; the argument is not changed). */
  public ObjectNode auth(JsonNode auth) {
    ObjectNode kept = Json.object();
    if (auth != null && auth.isObject()) {
      auth.fields().forEachRemaining(e -> {
        if (authKeys.contains(e.getKey())) {
          kept.set(e.getKey(), e.getValue().deepCopy());
        }
      });
    }
    return kept;
  }

  /** The declared headers (names lower-case, as the runtime stores them). */
  public Map<String, String> headers(Map<String, String> headers) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (headerNames.contains(name.toLowerCase(Locale.ROOT))) {
        kept.put(name, value);
      }
    });
    return kept;
  }

  /** The declared query parameters and Engine.IO's own. */
  public Map<String, List<String>> query(Map<String, List<String>> query) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    query.forEach((key, values) -> {
      if (queryKeys.contains(key) || ENGINE_QUERY.contains(key)) {
        kept.put(key, values);
      }
    });
    return kept;
  }

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> out = new LinkedHashSet<>(base);
    for (String m : more) {
      out.add(Objects.requireNonNull(m, "a declared handshake field must not be null"));
    }
    return out;
  }

  private static Set<String> lowerCase(Set<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }
}
