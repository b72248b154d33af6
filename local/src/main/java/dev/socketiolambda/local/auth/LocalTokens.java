package dev.socketiolambda.local.auth;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.JwksEndpoint;
import dev.socketiolambda.functions.auth.TokenMinter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Demo tokens on the local stack, for every app alike. HS256 with {@code AUTH_JWT_SECRET} (a random
 * secret made at start when unset, so only tokens minted here are valid); RS256 with a key pair made
 * at start whose JWKS is served on 127.0.0.1 and becomes {@code AUTH_JWKS_URL}, so the RS256 path
 * runs end to end with the real JWKS fetch. When the user sets {@code AUTH_JWKS_URL} (their own
 * identity provider) the local key pair is not made and only HS256 can be minted here.
 */
public final class LocalTokens implements AutoCloseable {
  /** The key id of the local RS256 key. */
  public static final String LOCAL_KID = "socketio-local-rs256";

  private final Map<String, String> appEnv;
  private final AuthSettings settings;
  private final TokenMinter hs256;
  private final TokenMinter rs256;
  private final JwksEndpoint jwks;

  private LocalTokens(Map<String, String> appEnv, TokenMinter rs256, JwksEndpoint jwks) {
    this.appEnv = Map.copyOf(appEnv);
    this.settings = AuthSettings.from(appEnv);
    this.hs256 = TokenMinter.hs256(settings.hmacSecret());
    this.rs256 = rs256;
    this.jwks = jwks;
  }

  /**
   * The variables as {@link #start} would fill them in, checked, without starting anything (no
   * {@code AUTH_JWKS_URL} is added).
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static Map<String, String> checkedEnv(Map<String, String> appEnv) {
    Map<String, String> env = withSecret(appEnv);
    AuthSettings.from(env);
    return env;
  }

  /** Fills in the secret and, unless the user named one, serves the local JWKS. */
  public static LocalTokens start(Map<String, String> appEnv) {
    Map<String, String> env = withSecret(appEnv);
    AuthSettings.from(env); // fail before starting a server
    if (blank(env.get("AUTH_JWKS_URL"))) {
      TokenMinter rs256 = TokenMinter.rs256(LOCAL_KID);
      JwksEndpoint endpoint = JwksEndpoint.start(rs256.publicJwks());
      env.put("AUTH_JWKS_URL", endpoint.url().toString());
      return new LocalTokens(env, rs256, endpoint);
    }
    return new LocalTokens(env, null, null);
  }

  /** The app's variables with {@code AUTH_JWT_SECRET} and {@code AUTH_JWKS_URL} filled in. */
  public Map<String, String> appEnv() {
    return appEnv;
  }

  public AuthSettings settings() {
    return settings;
  }

  /**
   * A token for {@code userId}, signed with {@code HS256} or {@code RS256} (case-insensitive).
   *
   * @throws IllegalArgumentException for another algorithm, or RS256 when the JWKS is the user's own
   */
  public String mint(String algorithm, String userId, List<String> roles, Map<String, Object> claims, Duration ttl) {
    TokenMinter minter = switch (algorithm == null ? "HS256" : algorithm.toUpperCase(Locale.ROOT)) {
      case "HS256" -> hs256;
      case "RS256" -> {
        if (rs256 == null) {
          throw new IllegalArgumentException("RS256 demo tokens need the local JWKS: AUTH_JWKS_URL names another one");
        }
        yield rs256;
      }
      default -> throw new IllegalArgumentException("demo tokens are HS256 or RS256, not '" + algorithm + "'");
    };
    return minter.mint(userId, roles, claims, settings, System.currentTimeMillis(), ttl);
  }

  @Override
  public void close() {
    if (jwks != null) {
      jwks.close();
    }
  }

  private static Map<String, String> withSecret(Map<String, String> appEnv) {
    Map<String, String> env = new HashMap<>(appEnv);
    if (!blank(env.get("AUTH_JWT_SECRET_ARN"))) {
      throw new IllegalArgumentException("AUTH_JWT_SECRET_ARN needs Secrets Manager, which the local stack does not "
          + "have: set AUTH_JWT_SECRET instead");
    }
    if (blank(env.get("AUTH_JWT_SECRET"))) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      env.put("AUTH_JWT_SECRET", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    }
    return env;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
