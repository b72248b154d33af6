package dev.socketiolambda.local.gateway;

/**
 * A part of the emulator's HTTP side (the HTTP API's routes, static assets, later the Engine.IO
 * long-polling transport): answers the requests it serves and returns null for the others, which
 * go to the next handler. The emulator asks its handlers in order; when none answers, 404.
 * Handlers run on a worker pool and may block.
 */
@FunctionalInterface
public interface LocalHttpHandler {

  /**
   * @return the answer, or null when this handler does not serve the request
   * @throws Exception a failure; the emulator answers 500 {@code {"message":"Internal Server Error"}}
   */
  LocalHttpResponse handle(LocalHttpRequest request) throws Exception;
}
