package dev.socketiolambda.functions.http;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as a verified token says: the user id ({@code sub}), the roles and all
 * claims. Built by an {@link Authenticator}; routes read it with {@link HttpRequest#principal()}.
 */
public record Principal(String subject, Set<String> roles, Map<String, String> claims) {

  public Principal {
    Objects.requireNonNull(subject, "subject");
    roles = Set.copyOf(roles);
    claims = Map.copyOf(claims);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
