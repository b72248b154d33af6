package dev.socketiolambda.functions.polling;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes a waiting long-poll in this JVM when a frame is queued for its session. On Lambda the
 * writer is usually another function instance, so a waiting {@code GET} also looks at its queue
 * every poll interval; locally (one JVM) it wakes at once. A signal between a look and the wait is
 * not lost: the waiter passes the version it saw before looking.
 */
final class PollSignals {
  private static final ConcurrentMap<String, Signal> SIGNALS = new ConcurrentHashMap<>();

  private static final class Signal {
    long version;
  }

  private PollSignals() {}

  /** The version to pass to {@link #await}, read before looking at the queue. */
  static long version(String sid) {
    Signal s = SIGNALS.computeIfAbsent(sid, k -> new Signal());
    synchronized (s) {
      return s.version;
    }
  }

  /** Waits up to {@code ms}, unless the session was signalled since {@code seen}. */
  static void await(String sid, long seen, long ms) throws InterruptedException {
    Signal s = SIGNALS.computeIfAbsent(sid, k -> new Signal());
    long end = System.nanoTime() + ms * 1_000_000L;
    synchronized (s) {
      long left;
      while (s.version == seen && (left = end - System.nanoTime()) > 0) {
        s.wait(Math.max(1, left / 1_000_000L));
      }
    }
  }

  static void signal(String sid) {
    Signal s = SIGNALS.get(sid);
    if (s != null) {
      synchronized (s) {
        s.version++;
        s.notifyAll();
      }
    }
  }

  /** Forgets a session (after its last GET). */
  static void forget(String sid) {
    SIGNALS.remove(sid);
  }
}
