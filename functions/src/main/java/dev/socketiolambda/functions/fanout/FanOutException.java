package dev.socketiolambda.functions.fanout;

import java.util.List;

/** What the fan-out throws: a shard another worker holds, shards the queue did not take, recipients not reached. */
public class FanOutException extends RuntimeException {
  public FanOutException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Another worker is delivering this shard now (a duplicate SQS message); try again after its lease. */
  public static final class ShardBusy extends FanOutException {
    public ShardBusy(String shardId) {
      super("shard " + shardId + " is being delivered by another worker", null);
    }
  }

  /** The queue took only some shards; {@link #notQueued()} were not queued (the others were, once). */
  public static final class NotQueued extends FanOutException {
    private final transient List<Shard> notQueued;

    public NotQueued(List<Shard> notQueued, String message, Throwable cause) {
      super(message, cause);
      this.notQueued = List.copyOf(notQueued);
    }

    public List<Shard> notQueued() {
      return notQueued;
    }
  }

  /** A queued shard left recipients not reached: the queue delivers it again, to them alone. */
  public static final class NotAllReached extends FanOutException {
    private final transient BroadcastResult result;

    public NotAllReached(String shardId, BroadcastResult result) {
      super(result.failed() + " of " + result.recipients() + " recipient(s) of shard " + shardId
          + " not reached; left for redelivery", null);
      this.result = result;
    }

    public BroadcastResult result() {
      return result;
    }
  }
}
