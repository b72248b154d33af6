package dev.socketiolambda.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.handler.Runtime;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Lambda handler of an API Gateway HTTP API (payload format 2.0): delegates every event to a
 * {@link Router}. The no-argument constructor takes the routes of the application bundle that
 * {@code SOCKETIO_APP} names ({@link AppBundle#httpApp}) and emits through the runtime's emitter.
 */
public final class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> router;

  public HttpHandler() {
    this(Runtime.shared());
  }

  /** The routes of the runtime's application bundle, emitting through the runtime's emitter (built on first use). */
  public HttpHandler(Runtime runtime) {
    this(httpApp(runtime), runtime::emitter);
  }

  /** An application's routes with an emitter built on first use. */
  public <D> HttpHandler(HttpApp<D> app, Supplier<Emitter> emitter) {
    this(app.router(), new RouteContext<>(emitter, app.dependencies()));
  }

  /** A router and its context, as the local stack and tests build them. */
  public <D> HttpHandler(Router<D> router, RouteContext<D> context) {
    this.router = event -> router.handle(event, context);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return router.apply(event);
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
