package dev.socketiolambda.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP routes of an application on an API Gateway HTTP API (payload format 2.0): method plus
 * path template ({@code /orders/{id}}), the most specific template wins. Answers 404 when no
 * template matches, 405 with {@code Allow} when the path has routes for other methods, 413 for
 * bodies over {@link Builder#maxBodyBytes}, CORS preflights itself, and turns {@link HttpError}s
 * into JSON errors and any other failure into a 500 without internals. The route key API Gateway
 * matched is not trusted: the router matches {@code rawPath} itself, so one {@code $default}
 * route or one route per template both work.
 *
 * @param <D> what the application injects into its routes
 */
public final class Router<D> {
  private record Entry<D>(String method, PathTemplate template, Route<D> route) {}

  private final List<Entry<D>> entries;
  private final Cors cors;
  private final long maxBodyBytes;
  private final Authenticator authenticator;

  private Router(Builder<D> b) {
    this.entries = List.copyOf(b.entries);
    this.cors = b.cors;
    this.maxBodyBytes = b.maxBodyBytes;
    this.authenticator = b.authenticator;
  }

  public static <D> Builder<D> builder() {
    return new Builder<>();
  }

  /** Answers one event; never throws. */
  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, RouteContext<D> context) {
    return answer(event, context).toEvent();
  }

  /** Answers one event as an {@link HttpResponse}; never throws. */
  public HttpResponse answer(APIGatewayV2HTTPEvent event, RouteContext<D> context) {
    String origin = event.getHeaders() == null ? null : header(event.getHeaders(), "origin");
    HttpResponse response;
    try {
      response = dispatch(event, context);
    } catch (HttpError e) {
      response = e.toResponse();
    } catch (Exception e) {
      String id = event.getRequestContext() == null ? "-" : event.getRequestContext().getRequestId();
      System.err.println("socketio-lambda http: request " + id + " failed: " + e);
      e.printStackTrace();
      response = HttpError.internal().toResponse();
    }
    return cors == null ? response : cors.decorate(response, origin);
  }

  private HttpResponse dispatch(APIGatewayV2HTTPEvent event, RouteContext<D> context) throws Exception {
    HttpRequest request = HttpRequest.from(event, path(event), authenticator);
    List<String> segments = PathTemplate.split(request.path());
    Entry<D> best = null;
    Map<String, String> bestParams = null;
    Set<String> allowed = new LinkedHashSet<>();
    for (Entry<D> e : entries) {
      Map<String, String> params = e.template().match(segments);
      if (params == null) {
        continue;
      }
      allowed.add(e.method());
      if (e.method().equals(request.method())
          && (best == null || e.template().compareSpecificity(best.template()) < 0)) {
        best = e;
        bestParams = params;
      }
    }
    if (allowed.isEmpty()) {
      throw HttpError.notFound("no route for " + request.method() + " " + request.path());
    }
    if (cors != null && Cors.isPreflight(request)) {
      return cors.preflight(request);
    }
    if (best == null) {
      throw HttpError.methodNotAllowed(request.method(), allowed);
    }
    if (request.bodyLength() > maxBodyBytes) {
      throw HttpError.payloadTooLarge(maxBodyBytes);
    }
    HttpResponse response = best.route().handle(request.withPathParameters(bestParams), context);
    if (response == null) {
      throw new IllegalStateException("route " + best.method() + " " + best.template() + " returned null");
    }
    return response;
  }

  /** {@code rawPath} without the stage prefix API Gateway puts there for a named stage. */
  private static String path(APIGatewayV2HTTPEvent event) {
    String raw = event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath();
    var ctx = event.getRequestContext();
    String stage = ctx == null ? null : ctx.getStage();
    if (stage != null && !stage.equals("$default") && !stage.isEmpty()) {
      String prefix = "/" + stage;
      if (raw.equals(prefix)) {
        return "/";
      }
      if (raw.startsWith(prefix + "/")) {
        return raw.substring(prefix.length());
      }
    }
    return raw;
  }

  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /** Collects routes and settings; templates are checked as they are added. */
  public static final class Builder<D> {
    private final List<Entry<D>> entries = new ArrayList<>();
    private Cors cors;
    private long maxBodyBytes = 1024 * 1024;
    private Authenticator authenticator = Authenticator.NONE;

    private Builder() {}

    public Builder<D> get(String template, Route<D> route) {
      return route("GET", template, route);
    }

    public Builder<D> post(String template, Route<D> route) {
      return route("POST", template, route);
    }

    public Builder<D> put(String template, Route<D> route) {
      return route("PUT", template, route);
    }

    public Builder<D> patch(String template, Route<D> route) {
      return route("PATCH", template, route);
    }

    public Builder<D> delete(String template, Route<D> route) {
      return route("DELETE", template, route);
    }

    /** A route for any method name ({@code HEAD}, {@code OPTIONS}, ...). */
    public Builder<D> route(String method, String template, Route<D> route) {
      Objects.requireNonNull(route, "route");
      String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      if (!m.matches("[A-Z]+")) {
        throw new IllegalArgumentException("bad method '" + method + "'");
      }
      PathTemplate t = PathTemplate.parse(template);
      for (Entry<D> e : entries) {
        if (e.method().equals(m) && e.template().toString().equals(t.toString())) {
          throw new IllegalArgumentException("route " + m + " " + template + " is defined twice");
        }
      }
      entries.add(new Entry<>(m, t, route));
      return this;
    }

    /** CORS settings; without them no {@code Access-Control-*} header is sent. */
    public Builder<D> cors(Cors cors) {
      this.cors = Objects.requireNonNull(cors, "cors");
      return this;
    }

    /** Largest body a route accepts (decoded bytes, default 1 MiB); bigger answers 413. */
    public Builder<D> maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 0, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Finds the principal of a request (default {@link Authenticator#NONE}). */
    public Builder<D> authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    public Router<D> build() {
      return new Router<>(this);
    }
  }
}
