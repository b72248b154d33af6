package dev.socketiolambda.functions.polling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PollingQueue} in memory, for tests; thread-safe. */
public final class InMemoryPollingQueue implements PollingQueue {
  private static final class Entry {
    PollingSession session;
    long getUntil;
    final Deque<String> frames = new ArrayDeque<>();
  }

  private final Map<String, Entry> sessions = new HashMap<>();

  @Override
  public synchronized void create(String sid, long now) {
    Entry e = new Entry();
    e.session = PollingSession.open(sid);
    sessions.put(sid, e);
  }

  @Override
  public synchronized Optional<PollingSession> session(String sid) {
    Entry e = sessions.get(sid);
    return e == null ? Optional.empty() : Optional.of(withLease(e));
  }

  @Override
  public Optional<PollingSession> enqueue(String sid, String frame) {
    synchronized (this) {
      Entry e = sessions.get(sid);
      if (e == null) {
        return Optional.of(PollingSession.gone(sid));
      }
      if (!e.session.isOpen()) {
        return Optional.of(e.session);
      }
      e.frames.addLast(frame);
    }
    PollSignals.signal(sid);
    return Optional.empty();
  }

  @Override
  public synchronized Optional<Taken> take(String sid, int maxBytes) {
    Entry e = sessions.get(sid);
    if (e == null) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    int bytes = 0;
    while (!e.frames.isEmpty()) {
      int size = e.frames.peekFirst().getBytes(StandardCharsets.UTF_8).length + 1;
      if (!out.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      out.add(e.frames.removeFirst());
    }
    return Optional.of(new Taken(withLease(e), out));
  }

  @Override
  public synchronized boolean acquireGet(String sid, long now, long leaseUntil) {
    Entry e = sessions.get(sid);
    if (e == null || !e.session.isOpen() || e.getUntil > now) {
      return false;
    }
    e.getUntil = leaseUntil;
    return true;
  }

  @Override
  public synchronized void releaseGet(String sid) {
    Entry e = sessions.get(sid);
    if (e != null) {
      e.getUntil = 0;
    }
  }

  @Override
  public void close(String sid) {
    synchronized (this) {
      Entry e = sessions.get(sid);
      if (e == null || !e.session.isOpen()) {
        return;
      }
      e.session = new PollingSession(sid, PollingSession.State.CLOSED, null, e.session.upgrading(), 0, e.session.probed(),
          false);
    }
    PollSignals.signal(sid);
  }

  @Override
  public boolean markUpgraded(String sid, String connectionId) {
    synchronized (this) {
      Entry e = sessions.get(sid);
      if (e == null || !e.session.isOpen()) {
        return false;
      }
      e.session = new PollingSession(sid, PollingSession.State.UPGRADED, connectionId, e.session.upgrading(), 0,
          e.session.probed(), false);
    }
    PollSignals.signal(sid);
    return true;
  }

  @Override
  public synchronized void markMoved(String sid) {
    Entry e = sessions.get(sid);
    if (e != null) {
      e.session = e.session.withMoved();
    }
  }

  @Override
  public synchronized boolean claimUpgrade(String sid, String connectionId) {
    Entry e = sessions.get(sid);
    if (e == null || !e.session.isOpen() || e.session.upgrading() != null) {
      return false;
    }
    e.session = new PollingSession(sid, PollingSession.State.OPEN, null, connectionId, 0, false, false);
    return true;
  }

  @Override
  public synchronized void markProbed(String sid) {
    Entry e = sessions.get(sid);
    if (e != null) {
      PollingSession s = e.session;
      e.session = new PollingSession(sid, s.state(), s.upgradedTo(), s.upgrading(), 0, true, s.moved());
    }
  }

  private static PollingSession withLease(Entry e) {
    PollingSession s = e.session;
    return new PollingSession(s.sid(), s.state(), s.upgradedTo(), s.upgrading(), e.getUntil, s.probed(), s.moved());
  }

  @Override
  public synchronized void delete(String sid) {
    sessions.remove(sid);
  }
}
