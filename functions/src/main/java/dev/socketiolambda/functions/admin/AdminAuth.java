package dev.socketiolambda.functions.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.AuthException;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.server.ConnectError;
import java.util.Objects;

/**
 * Who may open the admin namespace. The official UI sends {@code {username, password}} in the
 * CONNECT's auth; with {@link #jwt} the password field carries one of our JWTs (the username is
 * ignored) and the token must hold the admin role. On reload the UI sends its stored
 * {@code {sessionId}} instead: a JWT stored there (local storage {@code session_id}) is accepted too.
 */
@FunctionalInterface
public interface AdminAuth {
  /** Refuses with a {@link ConnectError} (the UI shows its message); returns normally to admit. */
  void check(ObjectNode auth) throws ConnectError;

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
