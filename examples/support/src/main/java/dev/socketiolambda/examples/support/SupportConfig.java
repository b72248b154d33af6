package dev.socketiolambda.examples.support;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.SecretsManagerSecret;
import java.util.Map;

/**
 * The support desk's settings, read from environment variables on Lambda (the same names work as
 * {@code --app-env NAME=VALUE} on the local stack).
 *
 * <ul>
 *   <li>{@code SUPPORT_TABLE}: messages and query listings (default {@code socketio-support})</li>
 *   <li>{@code SUPPORT_QUERIES_TABLE}: the support queries, the streamed domain table of the stream
 *       rules (default {@code socketio-support-queries}, the name the rules file declares)</li>
 *   <li>the shared auth settings ({@link AuthSettings}): {@code AUTH_JWT_SECRET} (or
 *       {@code AUTH_JWT_SECRET_ARN}), {@code AUTH_JWKS_URL}, {@code AUTH_ISSUER}, {@code AUTH_AUDIENCE},
 *       {@code AUTH_MAX_TOKEN_LIFETIME}</li>
 *   <li>{@code SUPPORT_HISTORY_PAGE}: messages returned on join (default 50, 1..100)</li>
 * </ul>
 */
public record SupportConfig(String table, String queriesTable, AuthSettings auth, int historyPage) {
  public static final String DEFAULT_TABLE = "socketio-support";
  public static final String DEFAULT_QUERIES_TABLE = "socketio-support-queries";
  /** The audience the support desk requires ({@code AUTH_AUDIENCE}) and its tokens name. */
  public static final String DEFAULT_AUDIENCE = "socketio-support";
  /** The largest page of messages or queries. */
  public static final int MAX_PAGE = 100;

  public SupportConfig {
    if (historyPage < 1 || historyPage > MAX_PAGE) {
      throw new IllegalArgumentException("SUPPORT_HISTORY_PAGE must be 1.." + MAX_PAGE + ", was " + historyPage);
    }
  }

  /** @throws IllegalArgumentException naming the setting that is wrong */
  public static SupportConfig from(Map<String, String> env) {
    String page = env.getOrDefault("SUPPORT_HISTORY_PAGE", "50").trim();
    int historyPage;
    try {
      historyPage = Integer.parseInt(page);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SUPPORT_HISTORY_PAGE must be an integer 1.." + MAX_PAGE + ", was '" + page
          + "'");
    }
    return new SupportConfig(
        nonBlank(env, "SUPPORT_TABLE", DEFAULT_TABLE),
        nonBlank(env, "SUPPORT_QUERIES_TABLE", DEFAULT_QUERIES_TABLE),
        SecretsManagerSecret.loadSettings(env),
        historyPage);
  }

  private static String nonBlank(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
