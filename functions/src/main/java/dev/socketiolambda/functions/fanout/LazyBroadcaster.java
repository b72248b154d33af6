package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.Lazy;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A broadcaster built on first use: functions that never broadcast ({@code $connect}, the open
 * step) do not pay for the asynchronous HTTP client at cold start, and no Netty threads or
 * connections are caught in a SnapStart snapshot.
 */
public final class LazyBroadcaster implements Broadcaster {
  private final Lazy<? extends Broadcaster> delegate;

  public LazyBroadcaster(Supplier<? extends Broadcaster> factory) {
    this.delegate = Lazy.of(factory);
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> localSink) {
    return delegate.get().broadcast(request, localSink);
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> localSink,
      long budgetMs) {
    return delegate.get().broadcast(request, localSink, budgetMs);
  }
}
