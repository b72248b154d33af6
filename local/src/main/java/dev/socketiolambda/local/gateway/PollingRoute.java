package dev.socketiolambda.local.gateway;

import dev.socketiolambda.functions.polling.PollingHandler;

/**
 * The Engine.IO long-polling transport on the emulator's port, as the HTTP API behind CloudFront
 * serves it on AWS: requests for {@code /socket.io/} (not WebSocket upgrades, which the shared port
 * relays to the WebSocket side) reach the real {@link PollingHandler} as API Gateway HTTP API
 * events (payload format 2.0). Other paths go to the next handler.
 */
public final class PollingRoute implements LocalHttpHandler {
  private final HttpApiEmulator api;

  public PollingRoute(PollingHandler handler) {
    this.api = HttpApiEmulator.builder().route("$default", HttpApiEmulator.function(handler)).build();
  }

  @Override
  public LocalHttpResponse handle(LocalHttpRequest request) {
    String path = request.rawPath();
    if (!path.equals("/socket.io/") && !path.equals("/socket.io")) {
      return null;
    }
    return api.handle(request);
  }
}
