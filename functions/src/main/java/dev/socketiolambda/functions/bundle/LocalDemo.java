package dev.socketiolambda.functions.bundle;

import java.util.Map;
import java.util.function.Function;

/**
 * What an application adds on the local stack: demo data written at start, and a page served from
 * the classpath with small JSON endpoints (where to connect, demo tokens).
 */
public interface LocalDemo {
  /** Writes the demo data; called once, after the application's tables exist. */
  default void seed() {}

  /** The classpath folder of the demo page, or null for none. */
  default String pageRoot() {
    return null;
  }

  /** One line for the start banner (who can log in), or null. */
  default String banner() {
    return null;
  }

  /** The page's JSON endpoints by path, each from the query parameters to an answer. */
  default Map<String, Function<Map<String, String>, JsonAnswer>> endpoints(String websocketUrl) {
    return Map.of();
  }

  /** A JSON answer of a demo endpoint. */
  record JsonAnswer(int status, String json) {}
}
