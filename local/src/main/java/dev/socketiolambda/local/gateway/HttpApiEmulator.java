package dev.socketiolambda.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.http.PathTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An API Gateway HTTP API with Lambda proxy integrations (payload format 2.0) on the emulator's
 * port: routes by route key ({@code GET /orders/{id}}, {@code ANY /files/{path+}},
 * {@code $default}) as API Gateway picks them (the most specific path, then a named method over
 * {@code ANY}), an optional JWT authorizer on protected routes, events shaped as API Gateway sends
 * them and answers mapped as it maps them. No match: 404 {@code {"message":"Not Found"}}; a
 * failing function: 500 {@code {"message":"Internal Server Error"}}; a refused token: 401
 * {@code {"message":"Unauthorized"}}.
 */
public final class HttpApiEmulator implements LocalHttpHandler {
  private static final ObjectMapper EVENTS = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private record RouteEntry(String routeKey, String method, PathTemplate template, LambdaFunction function,
      boolean authorized) {}

  private final HttpApiEvents.Api api;
  private final List<RouteEntry> routes;
  private final JwtAuthorizer authorizer;

  private HttpApiEmulator(Builder b) {
    this.api = new HttpApiEvents.Api(b.accountId, b.apiId, b.stage);
    this.routes = List.copyOf(b.routes);
    this.authorizer = b.authorizer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adapts a payload 2.0 handler to a function the emulator invokes with event JSON, as Lambda would. */
  public static LambdaFunction function(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    Objects.requireNonNull(handler, "handler");
    return eventJson -> {
      APIGatewayV2HTTPEvent event = EVENTS.readValue(eventJson, APIGatewayV2HTTPEvent.class);
      return EVENTS.writeValueAsString(handler.handleRequest(event, null));
    };
  }

  @Override
  public LocalHttpResponse handle(LocalHttpRequest request) {
    List<String> segments;
    try {
      segments = PathTemplate.split(request.rawPath());
    } catch (RuntimeException e) {
      return LocalHttpResponse.gatewayMessage(400, "Bad Request");
    }
    RouteEntry best = null;
    Map<String, String> bestParams = null;
    RouteEntry fallback = null;
    for (RouteEntry r : routes) {
      if (r.template() == null) {
        fallback = r; // $default
        continue;
      }
      if (!r.method().equals("ANY") && !r.method().equals(request.method())) {
        continue;
      }
      Map<String, String> params;
      try {
        params = r.template().match(segments);
      } catch (RuntimeException malformed) {
        return LocalHttpResponse.gatewayMessage(400, "Bad Request");
      }
      if (params != null && (best == null || better(r, best))) {
        best = r;
        bestParams = params;
      }
    }
    RouteEntry route = best != null ? best : fallback;
    if (route == null) {
      return LocalHttpResponse.gatewayMessage(404, "Not Found");
    }
    Map<String, String> claims = null;
    if (route.authorized()) {
      String auth = request.header("authorization").orElse(null);
      String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
      try {
        if (token == null || token.isEmpty()) {
          throw new IllegalArgumentException("no bearer token");
        }
        claims = HttpApiEvents.flattenClaims(authorizer.verify(token));
      } catch (Exception refused) {
        return new LocalHttpResponse(401, List.of(Map.entry("content-type", "application/json"),
            Map.entry("www-authenticate", "Bearer")),
            "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
      }
    }
    long now = System.currentTimeMillis();
    String event = HttpApiEvents.event(api, request, route.routeKey(), route == best ? bestParams : null, claims,
        GatewayEvents.newId(), now);
    String answer;
    try {
      answer = route.function().invoke(event);
    } catch (Throwable t) {
      GatewayLog.error("HTTP route " + route.routeKey() + " failed", t);
      return LocalHttpResponse.gatewayMessage(500, "Internal Server Error");
    }
    return HttpApiEvents.response(answer);
  }

  private static boolean better(RouteEntry candidate, RouteEntry current) {
    int c = candidate.template().compareSpecificity(current.template());
    if (c != 0) {
      return c < 0;
    }
    return current.method().equals("ANY") && !candidate.method().equals("ANY");
  }

  /** Routes and settings of one HTTP API. */
  public static final class Builder {
    private final List<RouteEntry> routes = new ArrayList<>();
    private String accountId = "000000000000";
    private String apiId = "local";
    private String stage = "$default";
    private JwtAuthorizer authorizer;

    private Builder() {}

    /** A route: {@code "GET /orders/{id}"}, {@code "ANY /{proxy+}"} or {@code "$default"}. */
    public Builder route(String routeKey, LambdaFunction function) {
      return add(routeKey, function, false);
    }

    /** A route behind the {@link #jwtAuthorizer JWT authorizer}. */
    public Builder protectedRoute(String routeKey, LambdaFunction function) {
      return add(routeKey, function, true);
    }

    /** Verifies the bearer tokens of protected routes. */
    public Builder jwtAuthorizer(JwtAuthorizer authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    public Builder apiId(String apiId) {
      this.apiId = Objects.requireNonNull(apiId, "apiId");
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = Objects.requireNonNull(accountId, "accountId");
      return this;
    }

    public HttpApiEmulator build() {
      if (authorizer == null && routes.stream().anyMatch(RouteEntry::authorized)) {
        throw new IllegalStateException("protected routes need a jwtAuthorizer");
      }
      return new HttpApiEmulator(this);
    }

    private Builder add(String routeKey, LambdaFunction function, boolean authorized) {
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(routeKey, "routeKey");
      for (RouteEntry r : routes) {
        if (r.routeKey().equals(routeKey)) {
          throw new IllegalArgumentException("route " + routeKey + " is defined twice");
        }
      }
      if (routeKey.equals("$default")) {
        routes.add(new RouteEntry(routeKey, "ANY", null, function, authorized));
        return this;
      }
      String[] parts = routeKey.split(" ", 2);
      if (parts.length != 2 || !parts[0].matches("[A-Z]+")) {
        throw new IllegalArgumentException("a route key is 'METHOD /path' or '$default', was '" + routeKey + "'");
      }
      routes.add(new RouteEntry(routeKey, parts[0].toUpperCase(Locale.ROOT), PathTemplate.parse(parts[1]), function,
          authorized));
      return this;
    }
  }
}
