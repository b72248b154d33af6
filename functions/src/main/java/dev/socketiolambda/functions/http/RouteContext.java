package dev.socketiolambda.functions.http;

import dev.socketiolambda.functions.Lazy;
import dev.socketiolambda.functions.server.Emitter;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every route of an application has at hand: the {@link Emitter} to emit to sockets directly
 * and the application's own dependencies (its tables, SDK clients, settings), built once per
 * function instance.
 *
 * @param <D> the application's dependencies
 */
public final class RouteContext<D> {
  private final Supplier<Emitter> emitter;
  private final D app;

  /** @param emitter supplies the emitter on first use (building it needs the management endpoint) */
  public RouteContext(Supplier<Emitter> emitter, D app) {
    this.emitter = Lazy.of(Objects.requireNonNull(emitter, "emitter"));
    this.app = app;
  }

  /** The emitter of the socket side: {@code emitter().to("room").emit("event", data)}. */
  public Emitter emitter() {
    return emitter.get();
  }

  /** The application's dependencies. */
  public D app() {
    return app;
  }
}
