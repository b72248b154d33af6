package dev.socketiolambda.functions.fanout;

import java.util.concurrent.CompletableFuture;

/**
 * Posts one frame to one connection without blocking the caller. The future fails with
 * {@link dev.socketiolambda.functions.gateway.ConnectionGoneException} on 410 and with
 * {@link dev.socketiolambda.functions.gateway.GatewayException} (carrying the status) otherwise;
 * the fan-out engine decides about retries.
 */
@FunctionalInterface
public interface Poster {
  CompletableFuture<Void> post(String connectionId, String frame);
}
