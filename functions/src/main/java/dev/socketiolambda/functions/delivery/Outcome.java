package dev.socketiolambda.functions.delivery;

/**
 * How a delivery to one connection ended.
 *
 * @param status what happened
 * @param cause the last failure (null when delivered)
 */
public record Outcome(Status status, Throwable cause) {
  /** What happened to the frames. */
  public enum Status {
    /** Every frame was accepted. */
    DELIVERED,
    /** The connection is gone (410); its rows were cleaned up. */
    GONE,
    /** Refused for its size (413); never retried. */
    TOO_LARGE,
    /** Failed after the retries the policy and the time budget allowed (or one try when volatile). */
    FAILED
  }

  static final Outcome DELIVERED = new Outcome(Status.DELIVERED, null);

  public boolean delivered() {
    return status == Status.DELIVERED;
  }
}
