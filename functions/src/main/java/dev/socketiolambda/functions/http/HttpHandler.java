package dev.socketiolambda.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.observability.InvocationLog;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Lambda handler of an API Gateway HTTP API (payload format 2.0): delegates every event to a
 * {@link Router}. The no-argument constructor takes the routes of the application bundle that
 * {@code SOCKETIO_APP} names ({@link AppBundle#httpApp}) and emits through the runtime's emitter.
 */
public final class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> router;
  private final InvocationLog invocationLog;

  public HttpHandler() {
    this(Runtime.shared());
  }

  /** The routes of the runtime's application bundle, emitting through the runtime's emitter (built on first use). */
  public HttpHandler(Runtime runtime) {
    this(httpApp(runtime), runtime::emitter, runtime.invocationLog());
  }

  /** An application's routes with an emitter built on first use. */
  public <D> HttpHandler(HttpApp<D> app, Supplier<Emitter> emitter) {
    this(app, emitter, InvocationLog.off());
  }

  /** ... writing one invocation line per request: the route key as its event, 5xx answers counted. */
  public <D> HttpHandler(HttpApp<D> app, Supplier<Emitter> emitter, InvocationLog invocationLog) {
    this(app.router(), new RouteContext<>(emitter, app.dependencies()), invocationLog);
  }

  /** A router and its context, as the local stack and tests build them. */
  public <D> HttpHandler(Router<D> router, RouteContext<D> context) {
    this(router, context, InvocationLog.off());
  }

  public <D> HttpHandler(Router<D> router, RouteContext<D> context, InvocationLog invocationLog) {
    this.router = event -> router.handle(event, context);
    this.invocationLog = invocationLog;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    InvocationLog.Entry line = invocationLog.start("http");
    // the route key ("GET /orders/{id}") names the route without the request's own values
    InvocationLog.describe(null, event == null ? null : event.getRouteKey());
    APIGatewayV2HTTPResponse response;
    try {
      response = router.apply(event);
    } catch (RuntimeException e) {
      line.failed(e);
      throw e;
    }
    line.measured("HttpServerErrors", "Count", response.getStatusCode() >= 500 ? 1 : 0).ok();
    return response;
  }

  static HttpApp<?> httpApp(Runtime runtime) {
    AppBundle bundle = runtime.bundle();
    HttpApp<?> app = bundle.httpApp(runtime.appContext());
    if (app == null) {
      throw new IllegalStateException("the application " + bundle.name() + " has no HTTP routes: its AppBundle's "
          + "httpApp(context) returns null");
    }
    return app;
  }
}
