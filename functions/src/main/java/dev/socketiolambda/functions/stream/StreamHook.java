package dev.socketiolambda.functions.stream;

import dev.socketiolambda.functions.SocketIoLambdaException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * Code for what rules cannot express (thresholds, old-vs-new comparisons, lookups): maps each
 * stream record to broadcasts, in addition to the rules. Named by {@code SOCKETIO_STREAM_HOOK}
 * (a class with a public no-argument constructor).
 *
 * <pre>{@code
 * public final class LowStockHook implements StreamHook {
 *   public List<StreamBroadcast> map(StreamRecord r) {
 *     if (!"products".equals(r.tableName()) || r.newImage() == null) return List.of();
 *     long stock = r.newImage().path("stock").asLong();
 *     long before = r.oldImage() == null ? Long.MAX_VALUE : r.oldImage().path("stock").asLong();
 *     if (stock >= 10 || before < 10) return List.of();
 *     return List.of(StreamBroadcast.to("low-stock", "/", "stock:low",
 *         List.of("seller:" + r.newImage().path("sellerId").asText()), r.newImage()));
 *   }
 * }
 * }</pre>
 *
 * <p>Broadcasts are sent in order after the rules' ones; throwing fails the record (it is retried).
 * A broadcast without an event id gets {@code <record eventID>/<name>}, stable across retries.
 */
@FunctionalInterface
public interface StreamHook {

  /** The broadcasts for a record; an empty list when it is none of the hook's business. */
  List<StreamBroadcast> map(StreamRecord record);

  /** Instantiates a hook class by name (public no-argument constructor). */
  static StreamHook load(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = StreamHook.class.getClassLoader();
    }
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new SocketIoLambdaException("stream hook class '" + className + "' not found", e);
    }
    if (!StreamHook.class.isAssignableFrom(type)) {
      throw new SocketIoLambdaException("stream hook class '" + className + "' does not implement "
          + StreamHook.class.getName());
    }
    try {
      return (StreamHook) type.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new SocketIoLambdaException("stream hook class '" + className + "' failed to start: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new SocketIoLambdaException("stream hook class '" + className
          + "' needs a public no-argument constructor", e);
    }
  }
}
