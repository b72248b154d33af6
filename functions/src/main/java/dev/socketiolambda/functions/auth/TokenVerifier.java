package dev.socketiolambda.functions.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Verifies JSON Web Tokens (on nimbus-jose-jwt) against the {@link AuthSettings}: HS256 with the
 * secret, RS256/ES256 with the JWKS keys — each algorithm pinned to its key, so an HS256 token
 * "signed" with a public RSA key, or {@code alg: none}, is refused — then expiry, not-before,
 * issue time and lifetime with the clock skew, issuer and audience, and turns the claims into a
 * {@link Principal}. Build one per function (it caches the JWKS) and share it.
 */
public final class TokenVerifier {
  /** Longer tokens are refused before any parsing. */
  public static final int MAX_TOKEN_CHARS = 8_192;
  private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final AuthSettings settings;
  private final MACVerifier hmac;
  private final JWSVerificationKeySelector<SecurityContext> jwks;
  private final LongSupplier clock;
  private final ClaimChecks claimChecks;

  /**
   * @param jwks the keys for RS256/ES256 (see {@link JwksSource}), or null for HS256 only
   * @param clock epoch milliseconds
   */
  public TokenVerifier(AuthSettings settings, JWKSource<SecurityContext> jwks, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
    this.claimChecks = new ClaimChecks(settings);
    try {
      this.hmac = settings.hmacSecret() == null ? null : new MACVerifier(settings.hmacSecret());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HS256 secret: " + e.getMessage(), e);
    }
    this.jwks = jwks == null ? null : new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, jwks);
  }

  /** The verifier of these settings, fetching the JWKS URL (when set) on first use. */
  public static TokenVerifier of(AuthSettings settings) {
    return of(settings, System::currentTimeMillis);
  }

  /** The same, on this clock (epoch milliseconds). */
  public static TokenVerifier of(AuthSettings settings, LongSupplier clock) {
    return new TokenVerifier(settings, settings.jwksUrl() == null ? null : JwksSource.fetching(settings.jwksUrl()),
        clock);
  }

  public AuthSettings settings() {
    return settings;
  }

  /**
   * The principal of a valid token.
   *
   * @throws InvalidTokenException saying why the token is refused
   * @throws AuthUnavailableException when the JWKS could not be fetched
   */
  public Principal verify(String token) {
    if (token == null || token.isEmpty()) {
      throw new InvalidTokenException("missing token");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new InvalidTokenException("token too long");
    }
    if (!COMPACT.matcher(token).matches()) {
      throw new InvalidTokenException("malformed token: expected three dot-separated base64url parts");
    }
    String[] parts = token.split("\\.", -1);
    JWSHeader header = header(parts[0]);
    List<JWSVerifier> verifiers = verifiers(header);
    if (parts[2].isEmpty()) {
      throw new InvalidTokenException("bad signature");
    }
    Base64URL signature = new Base64URL(parts[2]);
    // the decoder ignores the unused low bits of the last character: only the canonical spelling counts
    if (!Base64URL.encode(signature.decode()).toString().equals(parts[2])) {
      throw new InvalidTokenException("bad signature");
    }
    SignedJWT jwt;
    try {
      jwt = new SignedJWT(new Base64URL(parts[0]), new Base64URL(parts[1]), signature);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token: " + e.getMessage());
    }
    if (!anyVerifies(jwt, verifiers)) {
      throw new InvalidTokenException("bad signature");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token: the claims are not a valid JSON object (" + e.getMessage() + ")");
    }
    return claimChecks.principal(claims, clock.getAsLong() / 1000);
  }

  /**
   * The principal of an HTTP request's {@code Authorization} header value ({@code Bearer <token>}).
   *
   * @throws InvalidTokenException (401) when the header is missing, not a bearer token or the token is refused
   */
  public Principal verifyAuthorization(String authorizationHeader) {
    return verify(BearerToken.fromAuthorizationHeader(authorizationHeader));
  }

  private static JWSHeader header(String part) {
    com.nimbusds.jose.Header header;
    try {
      header = com.nimbusds.jose.Header.parse(new Base64URL(part));
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token: unreadable header (" + e.getMessage() + ")");
    }
    if (header instanceof JWSHeader jws) {
      return jws;
    }
    throw new InvalidTokenException("unsupported algorithm \"" + header.getAlgorithm() + "\"");
  }

  private List<JWSVerifier> verifiers(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    if (JWSAlgorithm.HS256.equals(alg) && hmac != null) {
      return List.of(hmac);
    }
    if (JWKS_ALGORITHMS.contains(alg) && jwks != null) {
      List<Key> keys;
      try {
        keys = jwks.selectJWSKeys(header, null);
      } catch (RateLimitReachedException e) {
        keys = List.of(); // an unknown kid soon after the last refetch: refused like any unknown key
      } catch (KeySourceException e) {
        throw new AuthUnavailableException(e);
      }
      if (keys.isEmpty()) {
        throw new InvalidTokenException("no " + alg + " key" + (header.getKeyID() == null ? "" : " with this kid")
            + " in the JWKS");
      }
      List<JWSVerifier> out = new ArrayList<>();
      DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
      for (Key key : keys) {
        try {
          out.add(factory.createJWSVerifier(header, key));
        } catch (JOSEException e) {
          // a key of the right type but unusable for this header: the others may still verify
        }
      }
      return out;
    }
    throw new InvalidTokenException("unsupported algorithm \"" + alg + "\": only " + accepted() + " accepted");
  }

  private String accepted() {
    if (hmac != null && jwks != null) {
      return "HS256, RS256 and ES256 are";
    }
    return hmac != null ? "HS256 is" : "RS256 and ES256 are";
  }

  private static boolean anyVerifies(SignedJWT jwt, List<JWSVerifier> verifiers) {
    for (JWSVerifier v : verifiers) {
      try {
        if (jwt.verify(v)) {
          return true;
        }
      } catch (JOSEException e) {
        // e.g. a critical header the verifier does not understand: not verified
      }
    }
    return false;
  }
}
