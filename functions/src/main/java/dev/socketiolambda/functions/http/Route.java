package dev.socketiolambda.functions.http;

/**
 * One route of an application: reads its {@link HttpRequest}, uses the {@link RouteContext} (the
 * emitter, the app's own tables and clients) and answers. Throw {@link HttpError} for 4xx answers;
 * any other exception becomes a 500 whose details stay in the logs.
 *
 * @param <D> what the application injects into its routes (its tables, clients, settings)
 */
@FunctionalInterface
public interface Route<D> {
  HttpResponse handle(HttpRequest request, RouteContext<D> context) throws Exception;
}
