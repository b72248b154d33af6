package dev.socketiolambda.functions.testing;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayException;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Gateway} for tests: records every delivered frame per connection id, in order, and every
 * close. A connection can be declared gone (each post then throws {@link ConnectionGoneException},
 * as the management API's 410 does), and failures can be queued for the next posts. Closing a
 * connection makes it gone, as on API Gateway. Thread-safe.
 *
 * <pre>{@code
 * RecordingGateway gateway = new RecordingGateway();
 * Engine engine = new Engine(io, store, gateway.provider(), config, clock, null);
 * gateway.failNext("conn-1", 2, 410);   // the next two posts to conn-1 answer 410
 * gateway.gone("conn-2");               // conn-2 no longer exists
 * assertThat(gateway.frames("conn-1")).containsExactly("40{\"sid\":\"...\"}");
 * }</pre>
 */
public final class RecordingGateway implements Gateway {
  /** Failures queued for any connection (key) are under this id. */
  private static final String ANY = "\u0000any";

  /** One delivered frame. */
  public record Sent(String connectionId, String frame) {}

  private final List<Sent> sent = new ArrayList<>();
  private final Map<String, List<String>> byConnection = new LinkedHashMap<>();
  private final Set<String> gone = new HashSet<>();
  private final List<String> deleted = new ArrayList<>();
  private final Map<String, Deque<Integer>> failures = new HashMap<>();
  private final List<String> endpoints = new ArrayList<>();
  private int attempts;

  // ------------------------------------------------------------------ Gateway

  @Override
  public synchronized void post(String connectionId, String frame) {
    attempts++;
    Integer status = nextFailure(connectionId);
    if (status == null && gone.contains(connectionId)) {
      status = 410;
    }
    if (status != null) {
      if (status == 410) {
        throw new ConnectionGoneException(connectionId, null);
      }
      throw new GatewayException("post to " + connectionId + " failed with " + status + " (injected)", status, null);
    }
    sent.add(new Sent(connectionId, frame));
    byConnection.computeIfAbsent(connectionId, k -> new ArrayList<>()).add(frame);
  }

  private Integer nextFailure(String connectionId) {
    for (String key : new String[] {connectionId, ANY}) {
      Deque<Integer> q = failures.get(key);
      if (q != null && !q.isEmpty()) {
        return q.poll();
      }
    }
    return null;
  }

  @Override
  public synchronized boolean isConnected(String connectionId) {
    return !gone.contains(connectionId);
  }

  @Override
  public synchronized void delete(String connectionId) {
    deleted.add(connectionId);
    gone.add(connectionId);
  }

  // ------------------------------------------------------------------ control

  /** Declares the connection gone: posts throw {@link ConnectionGoneException} from now on. */
  public synchronized RecordingGateway gone(String connectionId) {
    gone.add(connectionId);
    return this;
  }

  /** Makes a connection reachable again (after {@link #gone} or {@link #delete}). */
  public synchronized RecordingGateway revive(String connectionId) {
    gone.remove(connectionId);
    return this;
  }

  /**
   * The next {@code times} posts to the connection fail with {@code status}: 410 throws
   * {@link ConnectionGoneException}, anything else {@link GatewayException} with that status.
   */
  public synchronized RecordingGateway failNext(String connectionId, int times, int status) {
    Deque<Integer> q = failures.computeIfAbsent(connectionId, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(status);
    }
    return this;
  }

  /** The next {@code times} posts, to whichever connection, fail with {@code status}. */
  public synchronized RecordingGateway failNext(int times, int status) {
    return failNext(ANY, times, status);
  }

  /** Forgets every frame, close and attempt recorded so far (gone connections and queued failures stay). */
  public synchronized void clear() {
    sent.clear();
    byConnection.clear();
    deleted.clear();
    attempts = 0;
  }

  /** A provider that hands out this gateway for every endpoint and records the endpoints asked for. */
  public GatewayProvider provider() {
    return new GatewayProvider(endpoint -> {
      synchronized (this) {
        endpoints.add(endpoint);
      }
      return this;
    });
  }

  // ------------------------------------------------------------------ inspection

  /** The frames delivered to a connection, oldest first. */
  public synchronized List<String> frames(String connectionId) {
    return List.copyOf(byConnection.getOrDefault(connectionId, List.of()));
  }

  /** The frames delivered to a connection, then forgets them. */
  public synchronized List<String> takeFrames(String connectionId) {
    List<String> out = byConnection.remove(connectionId);
    sent.removeIf(s -> s.connectionId().equals(connectionId));
    return out == null ? List.of() : List.copyOf(out);
  }

  /** Every delivered frame, in delivery order. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Connection ids that received at least one frame. */
  public synchronized Set<String> recipients() {
    return Set.copyOf(byConnection.keySet());
  }

  /** Connections closed with {@link #delete}, in order. */
  public synchronized List<String> deleted() {
    return List.copyOf(deleted);
  }

  public synchronized boolean wasDeleted(String connectionId) {
    return deleted.contains(connectionId);
  }

  /** Post calls made, failed ones included. */
  public synchronized int attempts() {
    return attempts;
  }

  /** Endpoints the {@link #provider()} was asked for (each endpoint once: the provider caches). */
  public synchronized List<String> endpoints() {
    return List.copyOf(endpoints);
  }
}
