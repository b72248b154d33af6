package dev.socketiolambda.functions.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared auth settings, read by the same Lambda variable names for every application:
 *
 * <ul>
 *   <li>{@code AUTH_JWT_SECRET}: the HS256 key, at least 32 bytes (UTF-8) — or {@code AUTH_JWT_SECRET_ARN}:
 *       a Secrets Manager secret holding it, read once at init so the key is not in plain variables</li>
 *   <li>{@code AUTH_JWKS_URL}: an https URL (http only on 127.0.0.1/localhost) of the JWKS whose keys
 *       verify RS256 and ES256 tokens (Cognito: {@code https://cognito-idp.REGION.amazonaws.com/POOL/.well-known/jwks.json})</li>
 *   <li>{@code AUTH_ISSUER}: the required {@code iss}; {@code AUTH_AUDIENCE}: the required {@code aud}
 *       (comma-separated: any of them); unset accepts any</li>
 *   <li>{@code AUTH_MAX_TOKEN_LIFETIME}: the longest {@code exp - iat} accepted, as {@code 90s}, {@code 15m},
 *       {@code 12h} or {@code 1d}; unset: no limit</li>
 *   <li>{@code AUTH_CLOCK_SKEW}: leeway on {@code exp}, {@code nbf} and {@code iat} (default {@code 30s})</li>
 *   <li>{@code AUTH_USER_CLAIM} (default {@code sub}), {@code AUTH_ROLES_CLAIM} (default {@code roles};
 *       Cognito: {@code cognito:groups}): where the user id and the roles array are</li>
 * </ul>
 *
 * At least one key source (secret or JWKS URL) is required; with both, HS256 tokens are checked with the
 * secret and RS256/ES256 tokens with the JWKS (each algorithm is pinned to its key).
 */
public record AuthSettings(byte[] hmacSecret, URI jwksUrl, String issuer, Set<String> audiences,
    Duration maxTokenLifetime, Duration clockSkew, String userClaim, String rolesClaim) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  /** RFC 7518 section 3.2: an HS256 key is at least as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");

  public AuthSettings {
    if (hmacSecret == null && jwksUrl == null) {
      throw new IllegalArgumentException("no token key is configured: set AUTH_JWT_SECRET (HS256), "
          + "AUTH_JWT_SECRET_ARN (HS256 key in Secrets Manager) or AUTH_JWKS_URL (RS256/ES256)");
    }
    if (hmacSecret != null && hmacSecret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the HS256 secret (AUTH_JWT_SECRET) must be at least " + MIN_SECRET_BYTES
          + " bytes, was " + hmacSecret.length);
    }
    hmacSecret = hmacSecret == null ? null : hmacSecret.clone();
    audiences = audiences == null ? Set.of() : Set.copyOf(audiences);
    clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    userClaim = userClaim == null ? "sub" : userClaim;
    rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
  }

  /** HS256 only, with this secret; no issuer, audience or lifetime checks. */
  public static AuthSettings hs256(byte[] secret) {
    return new AuthSettings(secret, null, null, Set.of(), null, null, null, null);
  }

  /** From these variables; a secret ARN is refused here (use {@link #from(Map, Function)}). */
  public static AuthSettings from(Map<String, String> env) {
    return from(env, arn -> {
      throw new IllegalArgumentException("AUTH_JWT_SECRET_ARN is set but no Secrets Manager reader was given");
    });
  }

  /**
   * From these variables, reading {@code AUTH_JWT_SECRET_ARN} (when set) with {@code secretReader}.
   *
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  public static AuthSettings from(Map<String, String> env, Function<String, String> secretReader) {
    String secret = blankToNull(env.get("AUTH_JWT_SECRET"));
    String arn = blankToNull(env.get("AUTH_JWT_SECRET_ARN"));
    if (secret != null && arn != null) {
      throw new IllegalArgumentException("set AUTH_JWT_SECRET or AUTH_JWT_SECRET_ARN, not both");
    }
    if (arn != null) {
      secret = secretReader.apply(arn);
    }
    return new AuthSettings(
        secret == null ? null : secret.getBytes(StandardCharsets.UTF_8),
        jwksUrl(blankToNull(env.get("AUTH_JWKS_URL"))),
        blankToNull(env.get("AUTH_ISSUER")),
        audiences(env.get("AUTH_AUDIENCE")),
        duration(env, "AUTH_MAX_TOKEN_LIFETIME", null),
        duration(env, "AUTH_CLOCK_SKEW", DEFAULT_CLOCK_SKEW),
        claimName(env, "AUTH_USER_CLAIM", "sub"),
        claimName(env, "AUTH_ROLES_CLAIM", "roles"));
  }

  /** Same settings, another secret (tests, local stacks). */
  public AuthSettings withSecret(byte[] secret) {
    return new AuthSettings(secret, jwksUrl, issuer, audiences, maxTokenLifetime, clockSkew, userClaim, rolesClaim);
  }

  /** Same settings, another JWKS URL. */
  public AuthSettings withJwksUrl(URI url) {
    return new AuthSettings(hmacSecret, url, issuer, audiences, maxTokenLifetime, clockSkew, userClaim, rolesClaim);
  }

  @Override
  public byte[] hmacSecret() {
    return hmacSecret == null ? null : hmacSecret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthSettings s && Arrays.equals(hmacSecret, s.hmacSecret)
        && java.util.Objects.equals(jwksUrl, s.jwksUrl) && java.util.Objects.equals(issuer, s.issuer)
        && audiences.equals(s.audiences) && java.util.Objects.equals(maxTokenLifetime, s.maxTokenLifetime)
        && clockSkew.equals(s.clockSkew) && userClaim.equals(s.userClaim) && rolesClaim.equals(s.rolesClaim);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(Arrays.hashCode(hmacSecret), jwksUrl, issuer, audiences, maxTokenLifetime);
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "AuthSettings[hs256=" + (hmacSecret != null) + ", jwksUrl=" + jwksUrl + ", issuer=" + issuer
        + ", audiences=" + audiences + ", maxTokenLifetime=" + maxTokenLifetime + ", clockSkew=" + clockSkew
        + ", userClaim=" + userClaim + ", rolesClaim=" + rolesClaim + "]";
  }

  private static URI jwksUrl(String value) {
    if (value == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("AUTH_JWKS_URL is not a URL: '" + value + "'", e);
    }
    String host = uri.getHost();
    boolean local = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    if (host == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && local))) {
      throw new IllegalArgumentException("AUTH_JWKS_URL must be an https URL (http only on 127.0.0.1 or "
          + "localhost), was '" + value + "'");
    }
    return uri;
  }

  private static Set<String> audiences(String value) {
    Set<String> out = new LinkedHashSet<>();
    if (value != null) {
      for (String a : value.split(",")) {
        if (!a.isBlank()) {
          out.add(a.trim());
        }
      }
    }
    return out;
  }

  /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 1d}; anything else is refused. */
  static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " must be a duration like 90s, 15m, 12h or 1d, was '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static String claimName(Map<String, String> env, String name, String fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    if (!value.equals(value.trim())) {
      throw new IllegalArgumentException(name + " must be a claim name without spaces around it, was '" + value + "'");
    }
    return value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
