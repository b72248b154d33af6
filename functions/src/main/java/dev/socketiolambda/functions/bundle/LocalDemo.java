package dev.socketiolambda.functions.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What an application adds on the local stack: demo data written at start, its demo users (the
 * stack mints their tokens: {@code /demo/token?user=ID&alg=HS256|RS256} beside the page, with the
 * shared {@code AUTH_*} settings) and a page served from the classpath.
 */
public interface LocalDemo {
  /** Writes the demo data; called once, after the application's tables exist. */
  default void seed() {}

  /** The classpath folder of the demo page, or null for none. */
  default String pageRoot() {
    return null;
  }

  /** The demo's users, who can log in on the page. */
  default List<DemoUser> users() {
    return List.of();
  }

  /** A demo user: the token's {@code sub}, its {@code name} claim and its {@code roles}. */
  record DemoUser(String id, String name, List<String> roles) {
    public DemoUser {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      roles = List.copyOf(roles);
    }
  }
}
