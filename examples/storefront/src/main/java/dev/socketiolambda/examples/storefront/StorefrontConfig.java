package dev.socketiolambda.examples.storefront;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.SecretsManagerSecret;
import dev.socketiolambda.functions.http.Cors;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The storefront's settings (environment variables on Lambda, {@code --app-env} locally):
 * <ul>
 *   <li>the shared auth settings ({@link AuthSettings}: {@code AUTH_JWT_SECRET}, {@code AUTH_AUDIENCE}, ...)</li>
 *   <li>{@code STOREFRONT_TABLE}: the index table (default {@value #DEFAULT_TABLE})</li>
 *   <li>{@code STOREFRONT_METRICS_PERIOD}: how often {@code analytics:metrics_updated} goes to connected sellers
 *       ({@code 60s}; {@code 5s}, {@code 2m}: at least 1 s, whole minutes from a minute on)</li>
 *   <li>{@code STOREFRONT_EXPIRY_PERIOD}: how often expired quotations are looked for ({@code 60s})</li>
 *   <li>{@code STOREFRONT_DIRECT_EVENTS}: product events the routes emit themselves right after their write
 *       (the direct path, for latency) instead of the stream; comma-separated, default none</li>
 *   <li>{@code STOREFRONT_CORS_ORIGINS}: the pages that may call the routes, comma-separated, or {@code *} (the
 *       default: the routes take bearer tokens, never cookies, so a foreign page has no credentials to use)</li>
 * </ul>
 */
public record StorefrontConfig(AuthSettings auth, String indexTable, Duration metricsPeriod, Duration expiryPeriod,
    Cors cors, Set<String> directEvents) {
  /** The events {@code STOREFRONT_DIRECT_EVENTS} may name: those of a product change made by a route. */
  public static final Set<String> DIRECTABLE = Set.of("product:updated", "product:price_changed",
      "product:stock_changed", "product:low_stock", "stock:low", "stock:out", "stock:restocked",
      "analytics:inventory_alert");

  public static final String DEFAULT_TABLE = "storefront-index";
  public static final String DEFAULT_AUDIENCE = "socketio-storefront";

  /** @throws IllegalArgumentException naming the setting that is wrong */
  public static StorefrontConfig from(Map<String, String> env) {
    return new StorefrontConfig(SecretsManagerSecret.loadSettings(env),
        env.getOrDefault("STOREFRONT_TABLE", DEFAULT_TABLE),
        period(env, "STOREFRONT_METRICS_PERIOD"), period(env, "STOREFRONT_EXPIRY_PERIOD"),
        cors(env.getOrDefault("STOREFRONT_CORS_ORIGINS", "*")), directEvents(env.getOrDefault("STOREFRONT_DIRECT_EVENTS", "")));
  }

  static Set<String> directEvents(String list) {
    Set<String> out = new java.util.TreeSet<>();
    for (String e : list.split(",")) {
      if (e.isBlank()) {
        continue;
      }
      if (!DIRECTABLE.contains(e.trim())) {
        throw new IllegalArgumentException("STOREFRONT_DIRECT_EVENTS: '" + e.trim() + "' is not one of "
            + new java.util.TreeSet<>(DIRECTABLE));
      }
      out.add(e.trim());
    }
    return Set.copyOf(out);
  }

  static Cors cors(String origins) {
    String v = origins.trim();
    if (v.equals("*")) {
      return Cors.anyOrigin().allowedHeaders("authorization", "content-type");
    }
    try {
      return Cors.origins(java.util.Arrays.stream(v.split(",")).map(String::trim).toArray(String[]::new))
          .allowedHeaders("authorization", "content-type");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("STOREFRONT_CORS_ORIGINS: " + e.getMessage());
    }
  }

  static Duration period(Map<String, String> env, String name) {
    String v = env.getOrDefault(name, "60s").trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      d = switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        default -> null;
      };
    } catch (RuntimeException e) {
      d = null;
    }
    if (d == null || d.toSeconds() < 1 || (d.toSeconds() >= 60 && d.toSeconds() % 60 != 0)) {
      throw new IllegalArgumentException(name + " must be seconds (5s) or whole minutes (2m), at least 1s; was '"
          + env.get(name) + "'");
    }
    return d;
  }
}
