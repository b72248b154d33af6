package dev.socketiolambda.functions.fanout;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A broadcaster built on first use: functions that never broadcast ({@code $connect}, the open
 * step) do not pay for the asynchronous HTTP client at cold start, and no Netty threads or
 * connections are caught in a SnapStart snapshot.
 */
public final class LazyBroadcaster implements Broadcaster {
  private final Supplier<? extends Broadcaster> factory;
  private volatile Broadcaster delegate;

  public LazyBroadcaster(Supplier<? extends Broadcaster> factory) {
    this.factory = factory;
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> localSink) {
    Broadcaster b = delegate;
    if (b == null) {
      synchronized (this) {
        b = delegate;
        if (b == null) {
          b = factory.get();
          delegate = b;
        }
      }
    }
    return b.broadcast(request, localSink);
  }
}
