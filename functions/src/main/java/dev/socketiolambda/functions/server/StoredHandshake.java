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
import java.util.TreeSet;

/**
 * Which parts of a client's handshake are stored, and for how long. API Gateway passes headers and
 * query to {@code $connect} only, so what middlewares read at the CONNECT (a later invocation) has
 * to wait in the connection row; nothing else is written:
 * <ul>
 *   <li><b>from {@code $connect} to the first CONNECT</b> (middlewares, connection listeners): the
 *       ordinary headers {@value #UNTIL_CONNECT_HEADER_LIST}, Engine.IO's query parameters, and
 *       what is declared below. Any other header (a credential: {@code authorization}, {@code cookie},
 *       {@code x-api-key}, ...) and query parameter ({@code ?token=}, but also {@code ?room=}) is
 *       never written, unless declared;</li>
 *   <li><b>after the CONNECT</b> (later events, disconnect listeners, fetched sockets): the headers
 *       {@value #DEFAULT_HEADER_LIST}, Engine.IO's query parameters and what is declared with
 *       {@link #withHeaders}, {@link #withQuery}, {@link #withAuth}. The CONNECT auth payload is
 *       never stored whole: only its declared keys.</li>
 * </ul>
 * Declared "until CONNECT" fields ({@link #withHeadersUntilConnect}, {@link #withQueryUntilConnect})
 * are dropped by the first successful CONNECT; fields declared to be kept are readable at the
 * CONNECT too.
 *
 * <pre>{@code
 * io.storedHandshake(StoredHandshake.defaults()
 *     .withQueryUntilConnect("tenant")          // read by a middleware only
 *     .withAuth("name").withQuery("room").withHeaders("x-client-version")); // read in later events too
 * }</pre>
 *
 * @param authKeys top-level keys of the CONNECT auth payload kept in the socket's row
 * @param queryKeys query parameters kept in the connection's row (the Engine.IO ones always are)
 * @param headerNames request headers kept in the connection's row (lower-case)
 * @param untilConnectQueryKeys query parameters stored from {@code $connect} to the first CONNECT only
 * @param untilConnectHeaderNames request headers stored from {@code $connect} to the first CONNECT only
 */
public record StoredHandshake(Set<String> authKeys, Set<String> queryKeys, Set<String> headerNames,
    Set<String> untilConnectQueryKeys, Set<String> untilConnectHeaderNames) {
  static final String DEFAULT_HEADER_LIST = "host, origin, user-agent, accept-language";
  private static final Set<String> DEFAULT_HEADERS = Set.of("host", "origin", "user-agent", "accept-language");
  static final String UNTIL_CONNECT_HEADER_LIST = "host, origin, user-agent, accept-language, accept, accept-encoding, "
      + "cache-control, pragma, connection, upgrade, content-type, content-length, x-forwarded-for, x-forwarded-port, "
      + "x-forwarded-proto, x-amzn-trace-id, sec-websocket-version, sec-websocket-extensions";
  /** Headers no credential travels in (API Gateway's own and the browser's); never referer or sec-websocket-protocol. */
  private static final Set<String> ORDINARY_HEADERS = Set.of(UNTIL_CONNECT_HEADER_LIST.split(", "));
  /** Engine.IO's own parameters: the transport and the upgrade's session id are read after the CONNECT. */
  private static final Set<String> ENGINE_QUERY = Set.of("EIO", "transport", "sid");
  /** Clients' cache busters and encoding flags: not stored, not worth a word in the log either. */
  private static final Set<String> ENGINE_NOISE = Set.of("t", "b64");
  /** The WebSocket handshake's one-time nonce: not stored, nothing a middleware reads, not worth a word either. */
  private static final String HANDSHAKE_NONCE = "sec-websocket-key";

  public StoredHandshake {
    authKeys = Set.copyOf(Objects.requireNonNull(authKeys, "authKeys"));
    queryKeys = Set.copyOf(Objects.requireNonNull(queryKeys, "queryKeys"));
    headerNames = lowerCase(Objects.requireNonNull(headerNames, "headerNames"));
    untilConnectQueryKeys = Set.copyOf(Objects.requireNonNull(untilConnectQueryKeys, "untilConnectQueryKeys"));
    untilConnectHeaderNames = lowerCase(Objects.requireNonNull(untilConnectHeaderNames, "untilConnectHeaderNames"));
  }

  /** No auth key, the Engine.IO query parameters, the headers {@value #DEFAULT_HEADER_LIST}; nothing until CONNECT. */
  public static StoredHandshake defaults() {
    return new StoredHandshake(Set.of(), Set.of(), DEFAULT_HEADERS, Set.of(), Set.of());
  }

  /** These keys of the CONNECT auth payload too ({@code socket.handshake().auth()} after the CONNECT). */
  public StoredHandshake withAuth(String... keys) {
    return new StoredHandshake(union(authKeys, keys), queryKeys, headerNames, untilConnectQueryKeys,
        untilConnectHeaderNames);
  }

  /** These query parameters too, at the CONNECT and after it. */
  public StoredHandshake withQuery(String... keys) {
    return new StoredHandshake(authKeys, union(queryKeys, keys), headerNames, untilConnectQueryKeys,
        untilConnectHeaderNames);
  }

  /** These request headers too (any case), at the CONNECT and after it. */
  public StoredHandshake withHeaders(String... names) {
    return new StoredHandshake(authKeys, queryKeys, union(headerNames, names), untilConnectQueryKeys,
        untilConnectHeaderNames);
  }

  /**
   * These query parameters too, for middlewares and connection listeners only: stored at
   * {@code $connect}, dropped by the first successful CONNECT (unless also declared with {@link #withQuery}).
   */
  public StoredHandshake withQueryUntilConnect(String... keys) {
    return new StoredHandshake(authKeys, queryKeys, headerNames, union(untilConnectQueryKeys, keys),
        untilConnectHeaderNames);
  }

  /**
   * These request headers too (any case), for middlewares and connection listeners only: stored at
   * {@code $connect}, dropped by the first successful CONNECT (unless also declared with {@link #withHeaders}).
   * For example {@code withHeadersUntilConnect("authorization")} for a middleware that verifies a bearer header.
   */
  public StoredHandshake withHeadersUntilConnect(String... names) {
    return new StoredHandshake(authKeys, queryKeys, headerNames, untilConnectQueryKeys,
        union(untilConnectHeaderNames, names));
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

  /** The headers kept past the CONNECT (names lower-case, as the runtime stores them). */
  public Map<String, String> headers(Map<String, String> headers) {
    return keptHeaders(headers, false);
  }

  /** The query parameters kept past the CONNECT: the declared ones and Engine.IO's own. */
  public Map<String, List<String>> query(Map<String, List<String>> query) {
    return keptQuery(query, false);
  }

  /** The headers {@code $connect} stores for the CONNECT: ordinary ones and the declared ones. */
  public Map<String, String> headersUntilConnect(Map<String, String> headers) {
    return keptHeaders(headers, true);
  }

  /** The query parameters {@code $connect} stores for the CONNECT: Engine.IO's own and the declared ones. */
  public Map<String, List<String>> queryUntilConnect(Map<String, List<String>> query) {
    return keptQuery(query, true);
  }

  /**
   * What a client sent that {@code $connect} does not store, as {@code header <name>} and
   * {@code query <name>} (sorted; names only, never a value): what middlewares will not see.
   */
  public Set<String> notStored(Map<String, String> headers, Map<String, List<String>> query) {
    Set<String> out = new TreeSet<>();
    headers.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT))
        .filter(n -> !headerAtConnect(n) && !n.equals(HANDSHAKE_NONCE)).forEach(n -> out.add("header " + n));
    query.keySet().stream().filter(k -> !queryAtConnect(k) && !ENGINE_NOISE.contains(k))
        .forEach(k -> out.add("query " + k));
    return out;
  }

  private Map<String, String> keptHeaders(Map<String, String> headers, boolean untilConnect) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (untilConnect ? headerAtConnect(name) : headerNames.contains(name.toLowerCase(Locale.ROOT))) {
        kept.put(name, value);
      }
    });
    return kept;
  }

  private Map<String, List<String>> keptQuery(Map<String, List<String>> query, boolean untilConnect) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    query.forEach((key, values) -> {
      if (untilConnect ? queryAtConnect(key) : queryKeys.contains(key) || ENGINE_QUERY.contains(key)) {
        kept.put(key, values);
      }
    });
    return kept;
  }

  private boolean headerAtConnect(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ORDINARY_HEADERS.contains(n) || headerNames.contains(n) || untilConnectHeaderNames.contains(n);
  }

  private boolean queryAtConnect(String key) {
    return ENGINE_QUERY.contains(key) || queryKeys.contains(key) || untilConnectQueryKeys.contains(key);
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
