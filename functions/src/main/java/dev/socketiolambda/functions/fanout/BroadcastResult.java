package dev.socketiolambda.functions.fanout;

/**
 * What a broadcast did.
 *
 * @param recipients connections targeted
 * @param delivered connections that got every frame
 * @param failed connections a frame could not reach (after retries), not counting those handed to the
 *     fan-out queue to be retried there (a broadcast with an event id)
 * @param gone connections found gone (410) and removed
 * @param durationMs wall time of the broadcast
 */
public record BroadcastResult(int recipients, int delivered, int failed, int gone, long durationMs) {
  public static final BroadcastResult NONE = new BroadcastResult(0, 0, 0, 0, 0);

  /** Sums two results (shards of one broadcast); the duration is the longer one. */
  public BroadcastResult plus(BroadcastResult o) {
    return new BroadcastResult(recipients + o.recipients, delivered + o.delivered, failed + o.failed, gone + o.gone,
        Math.max(durationMs, o.durationMs));
  }
}
