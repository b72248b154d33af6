package dev.socketiolambda.examples.storefront;

import dev.socketiolambda.functions.auth.Principal;
import java.util.Set;

/** Who asks: the verified token's user id and roles ({@code buyer}, {@code seller}, {@code admin}). */
public record Actor(String id, Set<String> roles) {
  public static final String BUYER = "buyer";
  public static final String SELLER = "seller";
  public static final String ADMIN = "admin";

  public Actor {
    roles = Set.copyOf(roles);
  }

  public static Actor of(Principal p) {
    return new Actor(p.userId(), p.roles());
  }

  public boolean is(String role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return is(ADMIN);
  }

  /** Refuses unless the actor has one of these roles. */
  public Actor require(String... anyOf) {
    for (String r : anyOf) {
      if (is(r)) {
        return this;
      }
    }
    throw StorefrontError.forbidden("this needs the role " + String.join(" or ", anyOf));
  }

  /** Refuses unless the actor is {@code owner} (or an admin). */
  public void requireOwner(String owner, String what) {
    if (!isAdmin() && !id.equals(owner)) {
      throw StorefrontError.forbidden("only its owner may change this " + what);
    }
  }
}
