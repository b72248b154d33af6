package dev.socketiolambda.functions.store;

/** Something the heartbeat has to look at: a connection (ackId null) or a pending ack (ackId set). */
public record DueItem(String connectionId, Long ackId, long dueAt) {
  public boolean isAck() {
    return ackId != null;
  }
}
