package dev.socketiolambda.functions.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.AuthException;
import dev.socketiolambda.functions.auth.AuthUnavailableException;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.protocol.json.Json;
import java.util.Objects;

/**
 * Who may open the admin namespace. The official UI sends {@code {username, password}} in the
 * CONNECT's auth; with {@link #jwt} the password field carries one of our JWTs (the username is
 * ignored) and the token must hold the admin role. On reload the UI sends its stored
 * {@code {sessionId}} instead: a JWT stored there (local storage {@code session_id}) is accepted too.
 * When the JWKS cannot be fetched the refusal says so ({@code "auth unavailable"}, data
 * {@code {code: "AUTH_UNAVAILABLE"}}), as {@code SocketAuth} does, instead of blaming the credentials.
 * {@link #basic} is the official basic auth with a bcrypt hash.
 */
@FunctionalInterface
public interface AdminAuth {
  /** Refuses with a {@link ConnectError} (the UI shows its message); returns normally to admit. */
  void check(ObjectNode auth) throws ConnectError;

  /**
   * The {@code session} id sent to the UI once it is admitted with these credentials (it stores it
   * and logs in with {@code {sessionId}} when reloaded), or null for none.
   */
  default String sessionFor(ObjectNode auth) {
    return null;
  }

  /**
   * The official {@code auth: {type: "basic", username, password}}: {@code bcryptHash} is a bcrypt
   * hash of the password (as made by {@code bcryptjs} or {@code htpasswd -B}).
   *
   * @throws IllegalArgumentException when {@code bcryptHash} is not a bcrypt hash
   */
  static AdminAuth basic(String username, String bcryptHash) {
    return new BasicAdminAuth(username, bcryptHash, java.time.Clock.systemUTC());
  }

  /** A JWT in {@code auth.password} (or {@code auth.token}), verified, with {@code role} among its roles. */
  static AdminAuth jwt(TokenVerifier verifier, String role) {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(role, "role");
    return auth -> {
      String token = auth == null ? null
          : auth.hasNonNull("password") ? auth.path("password").asText()
          : auth.hasNonNull("token") ? auth.path("token").asText() : auth.path("sessionId").asText(null);
      Principal principal;
      try {
        principal = verifier.verify(token);
      } catch (AuthUnavailableException e) {
        System.err.println("admin auth: signing keys unavailable: " + e.getCause());
        throw new ConnectError("auth unavailable", Json.object().put("code", "AUTH_UNAVAILABLE")
            .put("message", e.getMessage()));
      } catch (AuthException e) {
        throw new ConnectError("invalid credentials");
      }
      if (!principal.hasRole(role)) {
        throw new ConnectError("invalid credentials");
      }
    };
  }

  /** No authentication, as {@code auth: false}: for a local stack only. */
  static AdminAuth none() {
    return auth -> {};
  }
}
