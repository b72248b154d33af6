package dev.socketiolambda.examples.support;

import dev.socketiolambda.functions.auth.Principal;
import java.util.Set;

/**
 * Who acts, from a verified token: the user id ({@code sub}), a display name ({@code name}, else the
 * id) and the role that counts: {@code admin} over {@code support} over {@code vendor}. A vendor's
 * vendor id is its user id.
 *
 * @param role {@code admin}, {@code support} or {@code vendor}
 */
public record Actor(String userId, String name, String role) {
  public static final String VENDOR = "vendor";
  public static final String SUPPORT = "support";
  public static final String ADMIN = "admin";

  /** The actor of a principal, or null when it holds none of the desk's roles. */
  public static Actor of(Principal principal) {
    String role = role(principal.roles());
    if (role == null) {
      return null;
    }
    String name = principal.claim("name");
    return new Actor(principal.userId(), name == null || name.isBlank() ? principal.userId() : name, role);
  }

  static String role(Set<String> roles) {
    if (roles.contains(ADMIN)) {
      return ADMIN;
    }
    if (roles.contains(SUPPORT)) {
      return SUPPORT;
    }
    return roles.contains(VENDOR) ? VENDOR : null;
  }

  /** Support staff and admins: every query is theirs to see, answer and mark as read. */
  public boolean staff() {
    return !VENDOR.equals(role);
  }

  /** Whether this actor may see and use the query of {@code vendorId}: staff, or the vendor who owns it. */
  public boolean mayUse(String vendorId) {
    return staff() || userId.equals(vendorId);
  }
}
