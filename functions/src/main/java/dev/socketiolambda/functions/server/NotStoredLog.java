package dev.socketiolambda.functions.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Says once per process which handshake fields clients send that {@code $connect} does not store
 * (names only, never a value), so a middleware that finds one missing has its reason in the log.
 */
final class NotStoredLog {
  /** Names are the client's: bounded in number and printed only when plain. */
  private static final int MAX_NAMES = 200;
  private static final Pattern PLAIN = Pattern.compile("(header|query) [A-Za-z0-9_.\\-\\[\\]]{1,64}");

  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private final Consumer<String> log;

  NotStoredLog(Consumer<String> log) {
    this.log = log;
  }

  void note(Set<String> notStored) {
    List<String> fresh = new ArrayList<>();
    for (String name : notStored) {
      if (logged.size() < MAX_NAMES && PLAIN.matcher(name).matches() && logged.add(name)) {
        fresh.add(name);
      }
    }
    if (!fresh.isEmpty()) {
      log.accept("socketio-lambda: not stored at $connect, so middlewares do not see them: " + String.join(", ", fresh)
          + " (a middleware that reads one needs io.storedHandshake(StoredHandshake.defaults()"
          + ".withHeadersUntilConnect(...) / .withQueryUntilConnect(...)))");
    }
  }
}
