package dev.socketiolambda.functions.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Signs tokens: demo tokens on the local stack and in tests (HS256 with a secret, RS256/ES256 with a
 * generated key pair whose public half {@link #publicJwks()} can serve), or an application's own
 * login route. It never logs what it signs.
 */
public final class TokenMinter {
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;
  private final JWK key;

  private TokenMinter(JWSAlgorithm algorithm, JWSSigner signer, JWK key) {
    this.algorithm = algorithm;
    this.signer = signer;
    this.key = key;
  }

  /** HS256 with this secret (at least 32 bytes). */
  public static TokenMinter hs256(byte[] secret) {
    try {
      return new TokenMinter(JWSAlgorithm.HS256, new MACSigner(secret), null);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the HS256 secret must be at least 32 bytes", e);
    }
  }

  /** RS256 with a new 2048-bit key pair named {@code kid}. */
  public static TokenMinter rs256(String kid) {
    try {
      RSAKey rsa = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
          .generate();
      return new TokenMinter(JWSAlgorithm.RS256, new RSASSASigner(rsa), rsa);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /** ES256 with a new P-256 key pair named {@code kid}. */
  public static TokenMinter es256(String kid) {
    try {
      ECKey ec = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
          .generate();
      return new TokenMinter(JWSAlgorithm.ES256, new ECDSASigner(ec), ec);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC key", e);
    }
  }

  /** The public key as a JWK (RS256/ES256 minters only). */
  public JWK publicKey() {
    if (key == null) {
      throw new IllegalStateException("an HS256 minter has no public key");
    }
    return key.toPublicJWK();
  }

  /** A JWKS document with this minter's public key. */
  public String publicJwks() {
    return new JWKSet(publicKey()).toString();
  }

  /** A JWKS document with the public keys of these minters (key rotation: old and new side by side). */
  public static String publicJwks(List<TokenMinter> minters) {
    return new JWKSet(minters.stream().map(TokenMinter::publicKey).toList()).toString();
  }

  /**
   * A token for {@code userId} with these roles and extra claims, issued now and valid for {@code ttl};
   * {@code iss}/{@code aud} of {@code settings} are added when set.
   */
  public String mint(String userId, List<String> roles, Map<String, Object> extraClaims, AuthSettings settings,
      long nowMillis, Duration ttl) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId)
        .issueTime(new Date(nowMillis / 1000 * 1000))
        .expirationTime(new Date((nowMillis / 1000 + ttl.toSeconds()) * 1000));
    if (!roles.isEmpty()) {
      claims.claim(settings == null ? "roles" : settings.rolesClaim(), roles);
    }
    if (settings != null && settings.issuer() != null) {
      claims.issuer(settings.issuer());
    }
    if (settings != null && !settings.audiences().isEmpty()) {
      claims.audience(settings.audiences().iterator().next());
    }
    extraClaims.forEach(claims::claim);
    return sign(claims.build());
  }

  /** Signs exactly these claims (tests shape odd tokens with it). */
  public String sign(JWTClaimsSet claims) {
    JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT);
    if (key != null) {
      header.keyID(key.getKeyID());
    }
    SignedJWT jwt = new SignedJWT(header.build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
