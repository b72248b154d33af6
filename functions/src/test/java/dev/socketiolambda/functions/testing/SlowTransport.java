package dev.socketiolambda.functions.testing;

import dev.socketiolambda.functions.delivery.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A transport whose every post takes at least {@code delayMs} (API Gateway under load) before reaching a recording gateway. */
public final class SlowTransport implements Transport {
  private final RecordingGateway gateway;
  private final long delayMs;
  private final Executor posts;

  /** @param posts the threads the posts run on (their number bounds the posts in flight) */
  public SlowTransport(RecordingGateway gateway, long delayMs, Executor posts) {
    this.gateway = gateway;
    this.delayMs = delayMs;
    this.posts = posts;
  }

  @Override
  public CompletableFuture<Void> send(String connectionId, String frame) {
    return CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      gateway.post(connectionId, frame);
    }, posts);
  }

  @Override
  public void close(String connectionId) {}
}
