package dev.socketiolambda.functions.http;

/**
 * An application's HTTP side as the Lambda handler loads it: its dependencies (tables, clients),
 * built once per function instance, and its routes.
 *
 * @param <D> what the application injects into its routes
 */
public interface HttpApp<D> {

  /** Builds the dependencies once (SDK clients, table names from the environment). */
  D dependencies();

  /** The routes. */
  Router<D> router();

  /** An application's routes over dependencies it has already built. */
  static <D> HttpApp<D> of(D dependencies, Router<D> router) {
    return new HttpApp<>() {
      @Override
      public D dependencies() {
        return dependencies;
      }

      @Override
      public Router<D> router() {
        return router;
      }
    };
  }
}
