package dev.socketiolambda.functions.fanout;

import java.util.function.BiPredicate;

/** Delivers broadcasts. Every broadcast path (socket handlers, the Emitter, stream rules) goes through one. */
public interface Broadcaster {

  /**
   * Resolves the recipients and delivers the frames.
   *
   * @param localSink offered each recipient's frames first; returning true means it took them (the
   *     connection of the current invocation, answered through the route response)
   */
  BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, java.util.List<String>> localSink);

  /**
   * As {@link #broadcast(BroadcastRequest, BiPredicate)}, within {@code budgetMs} (the invocation's
   * remaining time): a broadcaster that can hand work on does so rather than outlive the invocation.
   */
  default BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, java.util.List<String>> localSink,
      long budgetMs) {
    return broadcast(request, localSink);
  }

  default BroadcastResult broadcast(BroadcastRequest request) {
    return broadcast(request, (connectionId, frames) -> false);
  }
}
