package dev.socketiolambda.functions.auth;

import dev.socketiolambda.functions.server.Ack;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.functions.server.Listeners;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The shared auth on sockets: a CONNECT middleware that verifies the client's token (CONNECT
 * {@code auth.token}; a {@code token} query parameter or an {@code Authorization: Bearer} header
 * only when the app declares them, since {@code $connect} stores neither by default:
 * {@code StoredHandshake.defaults().withQueryUntilConnect("token").withHeadersUntilConnect("authorization")}),
 * refuses with a {@code connect_error} saying why, and keeps the {@link Principal} (never the token)
 * in {@code socket.data.auth}; and an {@code onAny} check that handles a socket whose token has
 * expired at its next event.
 *
 * <pre>{@code
 * SocketAuth auth = SocketAuth.of(TokenVerifier.of(SecretsManagerSecret.loadSettings(System.getenv())));
 * ns.use(auth.middleware()).onAny(auth.expiryCheck());
 * }</pre>
 */
public final class SocketAuth {
  /** The {@code socket.data} field holding the principal. */
  public static final String DATA_FIELD = "auth";

  /** What happens to an event of a socket whose token has expired. */
  public enum OnExpiry {
    /** Answer the event's ack with a {@code token expired} error, skip its handler, disconnect the socket. */
    DISCONNECT,
    /** Answer with the error and skip the handler; the socket stays (it may still receive broadcasts). */
    REFUSE,
    /** Let events through: the token counts at CONNECT only. */
    IGNORE
  }

  private final TokenVerifier verifier;
  private final LongSupplier clock;
  private final OnExpiry onExpiry;
  private final List<String> keptClaims;

  public SocketAuth(TokenVerifier verifier, LongSupplier clock, OnExpiry onExpiry, List<String> keptClaims) {
    this.verifier = verifier;
    this.clock = clock;
    this.onExpiry = onExpiry;
    this.keptClaims = List.copyOf(keptClaims);
  }

  /** Expired sockets are disconnected; no claims kept beyond user id, roles and expiry. */
  public static SocketAuth of(TokenVerifier verifier) {
    return new SocketAuth(verifier, System::currentTimeMillis, OnExpiry.DISCONNECT, List.of());
  }

  /** The same, also keeping these claims in {@code socket.data.auth.claims} (for room templates, display names). */
  public SocketAuth keeping(String... claims) {
    return new SocketAuth(verifier, clock, onExpiry, List.of(claims));
  }

  public SocketAuth onExpiry(OnExpiry action) {
    return new SocketAuth(verifier, clock, action, keptClaims);
  }

  /** The middleware for {@code Namespace.use}. */
  public Listeners.Middleware middleware() {
    return this::authenticate;
  }

  /**
   * The listener for {@code Namespace.onAny}: runs before each event's handler. A namespace with a
   * catch-all no longer answers events without a handler with "unknown event"; an app whose handlers
   * share a wrapper may call {@link #checkNotExpired} there instead.
   */
  public Listeners.CatchAllListener expiryCheck() {
    return (socket, event, args, ack) -> checkNotExpired(socket, ack);
  }

  /**
   * Verifies the handshake's token and keeps the principal in {@code socket.data.auth}.
   *
   * @throws ConnectError {@code unauthorized} with {@code data: {code: "UNAUTHORIZED", message}} for a missing or
   *     refused token, {@code auth unavailable} with {@code code: "AUTH_UNAVAILABLE"} when the keys cannot be fetched
   */
  public Principal authenticate(Socket socket) throws ConnectError {
    Principal principal;
    try {
      String token = BearerToken.fromHandshake(socket.handshake());
      if (token == null) {
        throw new InvalidTokenException("missing token: send it as auth.token (a token query parameter or "
            + "Authorization header is read only when the app declares it: StoredHandshake)");
      }
      principal = verifier.verify(token);
    } catch (InvalidTokenException e) {
      throw new ConnectError("unauthorized", Json.object().put("code", "UNAUTHORIZED").put("message", e.getMessage()));
    } catch (AuthUnavailableException e) {
      System.err.println("auth: signing keys unavailable: " + e.getCause());
      throw new ConnectError("auth unavailable", Json.object().put("code", "AUTH_UNAVAILABLE")
          .put("message", e.getMessage()));
    }
    socket.data().set(DATA_FIELD, principal.toData(keptClaims));
    return principal;
  }

  /** The principal the middleware kept for this socket, or null when it was not authenticated. */
  public static Principal principal(Socket socket) {
    return Principal.fromData(socket.data().get(DATA_FIELD));
  }

  /**
   * Handles an event of a socket whose token has expired, as {@link OnExpiry} says; returns when the
   * token is still valid (or the socket was not authenticated by this middleware).
   *
   * @throws EventError {@code token expired} with {@code data: {code: "TOKEN_EXPIRED", message}}
   */
  public void checkNotExpired(Socket socket, Ack ack) {
    Principal principal = principal(socket);
    if (onExpiry == OnExpiry.IGNORE || principal == null) {
      return;
    }
    long deadline = principal.expiresAt().getEpochSecond() + verifier.settings().clockSkew().toSeconds();
    if (clock.getAsLong() / 1000 <= deadline) {
      return;
    }
    EventError expired = new EventError("token expired", Json.object().put("code", "TOKEN_EXPIRED")
        .put("message", "your token has expired: connect again with a new one"));
    if (onExpiry == OnExpiry.DISCONNECT) {
      // the ack answer goes out before the DISCONNECT, which ends the client's namespace socket
      ack.send(Json.object().set("error", Json.object().put("message", expired.getMessage())
          .set("data", expired.data())));
      socket.disconnect();
    }
    throw expired;
  }
}
