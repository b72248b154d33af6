package dev.socketiolambda.functions.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Connection state recovery (socket.io 4.6+): every recoverable event is logged once with an offset
 * that becomes its last argument; a socket that disconnects for a recoverable reason leaves its
 * session under the hash of its private id ({@code pid}); a CONNECT carrying {@code pid} and
 * {@code offset} within the window gets the same id, rooms and data back, with the events it
 * missed. Knows nothing about frames' transport; the engine calls it.
 */
public final class Recovery {
  /** Disconnection reasons after which a socket may be recovered (socket.io's list). */
  public static final Set<String> RECOVERABLE_REASONS =
      Set.of("transport close", "transport error", "ping timeout", "forced close");
  /** How many log items a recovery may read per event it may replay (the log holds the whole namespace). */
  static final int READS_PER_REPLAYED_EVENT = 10;
  private static final Pattern PID_FORM = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final RecoveryOptions options;
  private final RecoveryStore store;
  private final Offsets offsets = new Offsets();

  public Recovery(RecoveryOptions options, RecoveryStore store) {
    this.options = Objects.requireNonNull(options, "options");
    this.store = Objects.requireNonNull(store, "store");
  }

  public RecoveryOptions options() {
    return options;
  }

  /**
   * Logs one event for a target and returns its frames: {@code encode} gets the new offset and
   * returns the frames with it as the event's last argument. The log is written before anything is
   * sent, so a socket that misses the delivery finds the event; a failed write throws and nothing is
   * sent.
   */
  public List<String> log(String namespace, Set<String> rooms, Set<String> except, String excludedConnection,
      long now, Function<String, List<String>> encode) {
    String offset = offsets.next(now);
    List<String> frames = encode.apply(offset);
    store.append(new LoggedEvent(offset, namespace, rooms, except, excludedConnection, frames),
        now + options.maxDisconnectionDurationMs());
    return frames;
  }

  /** A new private session id: 16 random bytes, base64url. */
  public static String newPid() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return BASE64URL.encodeToString(b);
  }

  /** What the store keeps instead of a pid: its SHA-256, base64url (a leaked table reveals no pid). */
  public static String hash(String pid) {
    try {
      return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(pid.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The session a CONNECT's auth asks for ({@code pid} and {@code offset}), with the frames of the
   * events its socket missed in offset order. Empty (a fresh session) when the auth carries no valid
   * pid or offset, the session is unknown, of another namespace or expired, the offset is not in
   * the log (never made, or older than the window), or the backlog is over the limit. A session
   * is taken once: a second CONNECT with the same pid gets a fresh session.
   */
  public Optional<Restored> restore(String namespace, JsonNode auth, long now) {
    String pid = text(auth, "pid");
    String offset = text(auth, "offset");
    if (pid == null || !PID_FORM.matcher(pid).matches() || !Offsets.wellFormed(offset)) {
      return Optional.empty(); // refused unread: the session stays for the real client
    }
    Optional<Session> taken = store.takeSession(hash(pid));
    if (taken.isEmpty()) {
      return Optional.empty();
    }
    Session session = taken.get();
    long window = options.maxDisconnectionDurationMs();
    if (!session.namespace().equals(namespace) || session.expiresAt() < now
        || Offsets.millisOf(offset) < now - window || Offsets.millisOf(offset) > now + window) {
      return Optional.empty();
    }
    int readLimit = options.maxReplayedEvents() * READS_PER_REPLAYED_EVENT;
    List<LoggedEvent> log = store.from(namespace, offset, now, readLimit + 1);
    if (log.isEmpty() || !log.get(0).offset().equals(offset) || log.size() > readLimit) {
      return Optional.empty();
    }
    List<String> frames = new ArrayList<>();
    int replayed = 0;
    for (LoggedEvent e : log.subList(1, log.size())) {
      if (e.reaches(session)) {
        if (++replayed > options.maxReplayedEvents()) {
          return Optional.empty();
        }
        frames.addAll(e.frames());
      }
    }
    return Optional.of(new Restored(pid, session, frames));
  }

  /** Keeps the session of a socket that disconnected for a recoverable reason (1 write); others leave none. */
  public void saveSession(SocketRecord socket, String reason, long now) {
    if (socket.pidHash() == null || !RECOVERABLE_REASONS.contains(reason)) {
      return;
    }
    store.saveSession(socket.pidHash(), new Session(socket.namespace(), socket.sid(), socket.connectionId(),
        socket.rooms(), socket.dataJson(), now, now + options.maxDisconnectionDurationMs()));
  }

  /**
   * Whether the middlewares that ran on a recovery found the session's owner ({@link
   * RecoveryOptions#owner()}): always true without an owner function.
   */
  public boolean sameOwner(String restoredDataJson, ObjectNode dataAfterMiddlewares) {
    Function<ObjectNode, String> owner = options.owner();
    if (owner == null) {
      return true;
    }
    try {
      JsonNode restored = Json.parse(restoredDataJson == null || restoredDataJson.isEmpty() ? "{}" : restoredDataJson);
      String before = restored.isObject() ? owner.apply((ObjectNode) restored) : null;
      return before != null && before.equals(owner.apply(dataAfterMiddlewares));
    } catch (RuntimeException e) {
      return false; // an owner that cannot be told is not the same owner: a fresh session
    }
  }

  private static String text(JsonNode auth, String field) {
    JsonNode v = auth == null ? null : auth.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * A recovered session.
   *
   * @param pid the private id the client sent (it keeps it)
   * @param session the socket's id, rooms and data
   * @param missedFrames the frames of the events it missed, in order
   */
  public record Restored(String pid, Session session, List<String> missedFrames) {
    public Restored {
      missedFrames = List.copyOf(missedFrames);
    }
  }
}
