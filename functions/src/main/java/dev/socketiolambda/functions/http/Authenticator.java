package dev.socketiolambda.functions.http;

import dev.socketiolambda.functions.auth.AuthException;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.TokenVerifier;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link Principal} of a request: the seam where token verification plugs in (the auth
 * module's verifier of {@code Authorization: Bearer}, or the claims API Gateway's JWT authorizer
 * already verified). Runs lazily, on a route's first {@link HttpRequest#principal()} call.
 */
@FunctionalInterface
public interface Authenticator {

  /** No authentication: every request is anonymous. */
  Authenticator NONE = request -> Optional.empty();

  /**
   * The principal of the request; empty when it carries no credentials.
   *
   * @throws HttpError 401 when it carries credentials that do not verify
   */
  Optional<Principal> authenticate(HttpRequest request);

  /**
   * Reads the claims API Gateway's JWT authorizer verified ({@code requestContext.authorizer.jwt.claims}):
   * the user id from {@code sub}, the roles from {@code rolesClaim}, which API Gateway flattens from
   * a JSON array to {@code "[admin support]"}.
   */
  static Authenticator gatewayJwtClaims(String rolesClaim) {
    return request -> {
      Map<String, String> claims = request.authorizerClaims();
      String sub = claims.get("sub");
      if (sub == null || sub.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Principal(sub, roles(claims.get(rolesClaim)), null, Map.copyOf(claims)));
    };
  }

  /**
   * Verifies {@code Authorization: Bearer <token>} with the shared auth module: empty without the
   * header, 401 with {@code WWW-Authenticate} for a refused token, 503 when the keys cannot be
   * fetched (a JWKS outage).
   */
  static Authenticator bearer(TokenVerifier verifier) {
    return request -> {
      String header = request.header("authorization").orElse(null);
      if (header == null || header.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(verifier.verifyAuthorization(header));
      } catch (AuthException e) {
        throw e.status() == 401 ? HttpError.unauthorized(e.getMessage())
            : HttpError.of(e.status(), "auth_unavailable", e.getMessage());
      }
    };
  }

  private static Set<String> roles(String flattened) {
    if (flattened == null || flattened.isBlank()) {
      return Set.of();
    }
    String s = flattened.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    Set<String> roles = new LinkedHashSet<>();
    Arrays.stream(s.split("[\\s,]+")).map(r -> r.replace("\"", "")).filter(r -> !r.isEmpty()).forEach(roles::add);
    return roles;
  }
}
