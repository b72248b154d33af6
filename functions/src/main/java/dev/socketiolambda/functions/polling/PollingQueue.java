package dev.socketiolambda.functions.polling;

import java.util.List;
import java.util.Optional;

/**
 * Where frames wait for a long-polling session's next {@code GET}, with the session's transport
 * state: in DynamoDB ({@link DynamoDbPollingQueue}, one partition per session in the state table)
 * and in memory for tests. Frames are taken in the order they were queued by one writer.
 */
public interface PollingQueue {

  /** Creates an open session. */
  void create(String sid, long now);

  Optional<PollingSession> session(String sid);

  /**
   * Queues a frame for an open session, atomically with the check that it is open: a frame is never
   * stranded in the queue of a session that was upgraded or closed meanwhile.
   *
   * @return the session as it was when the frame was refused, or empty when the frame was queued
   *     (a missing session comes back as empty session with state CLOSED)
   */
  Optional<PollingSession> enqueue(String sid, String frame);

  /** What a take found: the session and the frames taken (removed from the queue). */
  record Taken(PollingSession session, List<String> frames) {}

  /** Removes and returns the queued frames (at most {@code maxBytes} of them, at least one), with the session; empty when the session is gone. */
  Optional<Taken> take(String sid, int maxBytes);

  /** Marks that a {@code GET} is waiting until {@code leaseUntil}; false when another one holds it or the session is not open. */
  boolean acquireGet(String sid, long now, long leaseUntil);

  /** Ends the current {@code GET}'s lease. */
  void releaseGet(String sid);

  /** Closes an open session (its next GET answers what is queued, the one after 400). */
  void close(String sid);

  /** Records the WebSocket connection that opened to upgrade an open session; false when another one did or it is not open. */
  boolean claimUpgrade(String sid, String connectionId);

  /** Records that the upgrade's WebSocket sent its probe. */
  void markProbed(String sid);

  /** Moves an open session to a WebSocket connection; false when it was not open. */
  boolean markUpgraded(String sid, String connectionId);

  /** Records that an upgraded session's move to its WebSocket is done (frames that overtook it wait for this). */
  void markMoved(String sid);

  /** Removes the session and its queue. */
  void delete(String sid);
}
