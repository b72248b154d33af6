package dev.socketiolambda.examples.queue;

import dev.socketiolambda.functions.auth.Principal;

/** The seed's roles, from the token's {@code roles} claim. */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String STAFF = "staff";
  public static final String CUSTOMER = "customer";

  private Roles() {}

  /** Staff or admin: the dashboard, counters, calling and completing tickets. */
  static boolean isStaff(Principal p) {
    return p.hasRole(STAFF) || p.hasRole(ADMIN);
  }

  /** The role the seed's client tracking records ({@code userRole}): the strongest one the token has. */
  static String primary(Principal p) {
    return p.hasRole(ADMIN) ? ADMIN : p.hasRole(STAFF) ? STAFF : p.hasRole(CUSTOMER) ? CUSTOMER : "none";
  }
}
