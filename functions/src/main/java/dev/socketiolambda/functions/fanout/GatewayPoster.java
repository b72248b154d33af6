package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.gateway.Gateway;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** A {@link Poster} over the blocking {@link Gateway}, one post per task on an executor (tests, tools). */
public final class GatewayPoster implements Poster {
  private final Function<String, Gateway> gatewayFor;
  private final Executor executor;

  public GatewayPoster(Function<String, Gateway> gatewayFor, Executor executor) {
    this.gatewayFor = gatewayFor;
    this.executor = executor;
  }

  @Override
  public CompletableFuture<Void> post(String connectionId, String frame) {
    return CompletableFuture.runAsync(() -> gatewayFor.apply(connectionId).postOnce(connectionId, frame), executor);
  }
}
