package dev.socketiolambda.functions.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames one invocation has for the connection it serves. Each frame is size-checked when it is
 * queued, so the emit or reply that made it fails at once with {@link MessageTooLargeException}.
 * {@link Delivery#respond} then answers with the last frame as the route response and posts the
 * others.
 */
public final class Outbox {
  private final String connectionId;
  private final SizeLimits limits;
  private final List<String> frames = new ArrayList<>(2);
  private boolean closed;

  Outbox(String connectionId, SizeLimits limits) {
    this.connectionId = connectionId;
    this.limits = limits;
  }

  public String connectionId() {
    return connectionId;
  }

  /** Queues frames after checking their size; refused frames are not queued. */
  public void add(List<String> more) {
    limits.check(more);
    frames.addAll(more);
  }

  /** Whether frames for this connection can still go into the route response. */
  public boolean accepts(String connection) {
    return !closed && connectionId.equals(connection);
  }

  /** The connection was closed during the invocation: what is queued is dropped. */
  public List<String> close() {
    closed = true;
    List<String> pending = List.copyOf(frames);
    frames.clear();
    return pending;
  }

  public boolean isClosed() {
    return closed;
  }

  List<String> frames() {
    return frames;
  }
}
