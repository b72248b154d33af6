package dev.socketiolambda.functions.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin settings in the spirit of socket.io's {@code cors} option ({@code origin},
 * {@code methods}, {@code allowedHeaders}, {@code credentials}): the router answers preflight
 * requests itself and adds the {@code Access-Control-*} headers to every answer for an allowed
 * origin. A request from an origin that is not allowed gets no CORS headers (its preflight 403).
 */
public final class Cors {
  private static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");

  private final Set<String> origins; // empty = any origin
  private final List<String> methods;
  private final List<String> allowedHeaders; // empty = echo the requested headers
  private final List<String> exposedHeaders;
  private final boolean credentials;
  private final Duration maxAge;

  private Cors(Set<String> origins, List<String> methods, List<String> allowedHeaders, List<String> exposedHeaders,
      boolean credentials, Duration maxAge) {
    this.origins = origins;
    this.methods = methods;
    this.allowedHeaders = allowedHeaders;
    this.exposedHeaders = exposedHeaders;
    this.credentials = credentials;
    this.maxAge = maxAge;
  }

  /** Any origin ({@code origin: "*"}); with credentials the request's origin is echoed instead of {@code *}. */
  public static Cors anyOrigin() {
    return new Cors(Set.of(), DEFAULT_METHODS, List.of(), List.of(), false, null);
  }

  /** Only these origins ({@code origin: ["https://app.example.com"]}), compared exactly. */
  public static Cors origins(String... origins) {
    if (origins.length == 0) {
      throw new IllegalArgumentException("name at least one origin, or use Cors.anyOrigin()");
    }
    for (String o : origins) {
      if (o == null || o.isBlank() || o.equals("*") || o.endsWith("/")) {
        throw new IllegalArgumentException("an origin is scheme://host[:port] without a trailing slash, was '"
            + o + "'");
      }
    }
    return new Cors(Set.of(origins), DEFAULT_METHODS, List.of(), List.of(), false, null);
  }

  /** Methods a preflight allows (default GET, HEAD, PUT, PATCH, POST, DELETE). */
  public Cors methods(String... methods) {
    return new Cors(origins, upper(methods), allowedHeaders, exposedHeaders, credentials, maxAge);
  }

  /** Request headers a preflight allows (default: those the preflight asks for). */
  public Cors allowedHeaders(String... headers) {
    return new Cors(origins, methods, List.of(headers), exposedHeaders, credentials, maxAge);
  }

  /** Response headers the browser lets scripts read. */
  public Cors exposedHeaders(String... headers) {
    return new Cors(origins, methods, allowedHeaders, List.of(headers), credentials, maxAge);
  }

  /** Whether cookies and {@code Authorization} may travel ({@code Access-Control-Allow-Credentials}). */
  public Cors credentials(boolean credentials) {
    return new Cors(origins, methods, allowedHeaders, exposedHeaders, credentials, maxAge);
  }

  /** How long browsers may cache a preflight answer. */
  public Cors maxAge(Duration maxAge) {
    return new Cors(origins, methods, allowedHeaders, exposedHeaders, credentials,
        Objects.requireNonNull(maxAge, "maxAge"));
  }

  boolean allows(String origin) {
    return origin != null && (origins.isEmpty() || origins.contains(origin));
  }

  /** Whether a request is a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
  static boolean isPreflight(HttpRequest request) {
    return request.method().equals("OPTIONS") && request.header("origin").isPresent()
        && request.header("access-control-request-method").isPresent();
  }

  /** The answer to a preflight for a path that has routes. */
  HttpResponse preflight(HttpRequest request) {
    String origin = request.header("origin").orElse(null);
    if (!allows(origin)) {
      throw HttpError.forbidden("origin " + origin + " is not allowed");
    }
    HttpResponse r = decorate(HttpResponse.noContent(), origin)
        .withHeader("access-control-allow-methods", String.join(",", methods));
    String headers = !allowedHeaders.isEmpty() ? String.join(",", allowedHeaders)
        : request.header("access-control-request-headers").orElse(null);
    if (headers != null && !headers.isBlank()) {
      r = r.withHeader("access-control-allow-headers", headers);
    }
    if (maxAge != null) {
      r = r.withHeader("access-control-max-age", String.valueOf(maxAge.toSeconds()));
    }
    // a method outside `methods` gets the same answer: the browser then refuses the request itself
    return r;
  }

  /** The CORS headers of an answer to a request from {@code origin} (unchanged when not allowed). */
  HttpResponse decorate(HttpResponse response, String origin) {
    if (!allows(origin)) {
      return response;
    }
    boolean echo = credentials || !origins.isEmpty();
    HttpResponse r = response.withHeader("access-control-allow-origin", echo ? origin : "*");
    if (echo) {
      r = r.withHeader("vary", "Origin");
    }
    if (credentials) {
      r = r.withHeader("access-control-allow-credentials", "true");
    }
    if (!exposedHeaders.isEmpty()) {
      r = r.withHeader("access-control-expose-headers", String.join(",", exposedHeaders));
    }
    return r;
  }

  private static List<String> upper(String... methods) {
    if (methods.length == 0) {
      throw new IllegalArgumentException("name at least one method");
    }
    return List.of(methods).stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableList());
  }
}
