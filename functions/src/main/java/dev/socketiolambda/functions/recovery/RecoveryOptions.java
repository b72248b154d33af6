package dev.socketiolambda.functions.recovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Socket.IO's {@code connectionStateRecovery} server option: how long a disconnected socket's
 * session (id, rooms, data) and the events it missed are kept, and whether middlewares run again
 * when a socket is recovered. Plus what the DynamoDB log needs: how many shards a namespace's log
 * is spread over, and the largest backlog replayed (beyond it the client gets a fresh session).
 *
 * @param maxDisconnectionDurationMs the window after a disconnection within which a socket is recovered
 * @param skipMiddlewares true (socket.io's default): a recovered socket skips the namespace's middlewares
 * @param logShards partitions of a namespace's log per time bucket (writes spread over them, a
 *     recovery reads each); one partition takes about 1,000 writes/s
 * @param maxReplayedEvents the most missed events replayed to one socket; more: not recovered
 * @param owner when middlewares run on recovery, names the owner of a socket's data (e.g. the
 *     verified user id); a recovery whose middlewares produce another owner gets a fresh session.
 *     Null: no check
 */
public record RecoveryOptions(long maxDisconnectionDurationMs, boolean skipMiddlewares, int logShards,
    int maxReplayedEvents, Function<ObjectNode, String> owner) {

  /** socket.io's default window: two minutes. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

  public RecoveryOptions {
    if (maxDisconnectionDurationMs < 1_000 || maxDisconnectionDurationMs > Duration.ofHours(24).toMillis()) {
      throw new IllegalArgumentException("maxDisconnectionDuration must be between 1 s and 24 h, was "
          + maxDisconnectionDurationMs + " ms");
    }
    if (logShards < 1 || logShards > 100) {
      throw new IllegalArgumentException("logShards must be between 1 and 100, was " + logShards);
    }
    if (maxReplayedEvents < 1 || maxReplayedEvents > 10_000) {
      throw new IllegalArgumentException("maxReplayedEvents must be between 1 and 10000, was " + maxReplayedEvents);
    }
  }

  /** Recovery within {@code window}, middlewares skipped, one log shard, at most 100 events replayed. */
  public static RecoveryOptions of(Duration window) {
    Objects.requireNonNull(window, "window");
    return new RecoveryOptions(window.toMillis(), true, 1, 100, null);
  }

  /** socket.io's defaults: two minutes, middlewares skipped. */
  public static RecoveryOptions defaults() {
    return of(DEFAULT_WINDOW);
  }

  public RecoveryOptions skipMiddlewares(boolean skip) {
    return new RecoveryOptions(maxDisconnectionDurationMs, skip, logShards, maxReplayedEvents, owner);
  }

  public RecoveryOptions logShards(int shards) {
    return new RecoveryOptions(maxDisconnectionDurationMs, skipMiddlewares, shards, maxReplayedEvents, owner);
  }

  public RecoveryOptions maxReplayedEvents(int max) {
    return new RecoveryOptions(maxDisconnectionDurationMs, skipMiddlewares, logShards, max, owner);
  }

  /** Runs middlewares on recovery and requires them to produce the same owner as the session had. */
  public RecoveryOptions sameOwner(Function<ObjectNode, String> ownerOfData) {
    return new RecoveryOptions(maxDisconnectionDurationMs, false, logShards, maxReplayedEvents,
        Objects.requireNonNull(ownerOfData, "ownerOfData"));
  }
}
