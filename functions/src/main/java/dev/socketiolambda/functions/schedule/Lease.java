package dev.socketiolambda.functions.schedule;

/**
 * A named lock for schedule invocations that may overlap on AWS: at most one holder at a time, and
 * each slot (a minute, a tick time) is taken at most once, so a duplicate delivery of the same
 * slot runs nothing. A holder that dies frees the lease at the {@code untilMs} it gave.
 */
public interface Lease {
  /** The answer of {@link #acquire}. */
  enum Result {
    /** This caller holds the lease for its slot. */
    ACQUIRED,
    /** An earlier slot's holder still has it: wait or give up. */
    BUSY,
    /** This slot (or a later one) was already taken: a duplicate or late invocation. */
    DONE
  }

  /**
   * Takes the lease {@code name} for {@code slot} unless it is held (until a time after
   * {@code nowMs}) or a slot at or after {@code slot} was taken already.
   */
  Result acquire(String name, long slot, String owner, long untilMs, long nowMs);

  /** Frees the lease if {@code owner} holds it; the slot stays taken. */
  void release(String name, String owner);
}
