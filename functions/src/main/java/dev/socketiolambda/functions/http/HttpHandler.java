package dev.socketiolambda.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.socketiolambda.functions.fanout.Emitter;
import dev.socketiolambda.functions.handler.Emitters;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Lambda handler of an API Gateway HTTP API (payload format 2.0): delegates every event to a
 * {@link Router}. The no-argument constructor loads the {@link HttpApp} named by
 * {@code SOCKETIO_HTTP_APP} and emits through {@link Emitters#shared()}.
 */
public final class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /** The environment variable naming the {@link HttpApp} class. */
  public static final String APP_VARIABLE = "SOCKETIO_HTTP_APP";

  private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> router;

  public HttpHandler() {
    this(loadApp(System.getenv(APP_VARIABLE)), Emitters::shared);
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

  static HttpApp<?> loadApp(String className) {
    if (className == null || className.isBlank()) {
      throw new IllegalStateException(APP_VARIABLE + " must name the application's HttpApp class");
    }
    try {
      return (HttpApp<?>) Class.forName(className.trim()).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot create " + APP_VARIABLE + " " + className
          + ": it must be a public HttpApp with a public no-argument constructor", e);
    }
  }
}
