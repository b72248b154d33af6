package dev.socketiolambda.functions.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The recovery store in memory, for unit tests and single-process runs. Thread-safe. */
public final class InMemoryRecoveryStore implements RecoveryStore {
  private final Map<String, NavigableMap<String, LoggedEvent>> logs = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  @Override
  public void append(LoggedEvent event, long keepUntil) {
    logs.computeIfAbsent(event.namespace(), k -> new ConcurrentSkipListMap<>()).put(event.offset(), event);
  }

  @Override
  public List<LoggedEvent> from(String namespace, String offset, long now, int limit) {
    List<LoggedEvent> out = new ArrayList<>();
    for (LoggedEvent e : logs.getOrDefault(namespace, new ConcurrentSkipListMap<>()).tailMap(offset, true).values()) {
      if (out.size() >= limit) {
        break;
      }
      if (Offsets.millisOf(e.offset()) <= now) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public void saveSession(String pidHash, Session session) {
    sessions.put(pidHash, session);
  }

  @Override
  public Optional<Session> takeSession(String pidHash) {
    return Optional.ofNullable(sessions.remove(pidHash));
  }
}
