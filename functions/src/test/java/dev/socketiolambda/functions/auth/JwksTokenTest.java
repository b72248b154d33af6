package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.socketiolambda.functions.testing.TestClock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RS256 and ES256 tokens against a JWKS served by a real HTTP server on 127.0.0.1. */
class JwksTokenTest {
  static final long NOW = 1_800_000_000L;
  final TestClock clock = new TestClock(NOW * 1000);
  final TokenMinter rsa = TokenMinter.rs256("rsa-1");
  final TokenMinter ec = TokenMinter.es256("ec-1");
  final JwksEndpoint endpoint = JwksEndpoint.start(TokenMinter.publicJwks(List.of(rsa, ec)));
  final AuthSettings settings = new AuthSettings(null, endpoint.url(), "https://issuer.example", Set.of("app"),
      Duration.ofHours(1), null, null, null);
  final TokenVerifier verifier = new TokenVerifier(settings, JwksSource.fetching(endpoint.url()), clock);

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void rs256AndEs256TokensVerifyWithOneFetchOfTheKeys() {
    assertThat(verifier.verify(mint(rsa, "alice")).userId()).isEqualTo("alice");
    assertThat(verifier.verify(mint(ec, "bob")).roles()).containsExactly("agent");
    assertThat(verifier.verify(mint(rsa, "carol")).userId()).isEqualTo("carol");
    assertThat(endpoint.fetches()).as("the key set is cached").isEqualTo(1);
  }

  @Test
  void rotatedKeysAreFetchedWhenATokenNamesAnUnknownKid() {
    assertThat(verifier.verify(mint(rsa, "alice")).userId()).isEqualTo("alice");
    TokenMinter next = TokenMinter.rs256("rsa-2");
    endpoint.publish(next.publicJwks()); // rsa-1 retired, rsa-2 in

    assertThat(verifier.verify(mint(next, "alice")).userId()).isEqualTo("alice");
    assertThat(endpoint.fetches()).isEqualTo(2);
    assertThatThrownBy(() -> verifier.verify(mint(rsa, "alice"))).isInstanceOf(InvalidTokenException.class)
        .hasMessage("no RS256 key with this kid in the JWKS");
  }

  @Test
  void aForeignKeyWithAKnownKidIsABadSignature() {
    TokenMinter impostor = TokenMinter.rs256("rsa-1");
    assertThatThrownBy(() -> verifier.verify(mint(impostor, "mallory"))).hasMessage("bad signature");
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    byte[] publicKeyAsSecret = rsa.publicKey().toRSAKey().toPublicKey().getEncoded(); // 294 bytes: a valid HMAC key
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims("mallory"));
    forged.sign(new MACSigner(publicKeyAsSecret));
    assertThatThrownBy(() -> verifier.verify(forged.serialize())).isInstanceOf(InvalidTokenException.class)
        .hasMessage("unsupported algorithm \"HS256\": only RS256 and ES256 are accepted");

    TokenVerifier both = new TokenVerifier(settings.withSecret("a-real-hs256-secret-a-real-hs256-secret".getBytes()),
        JwksSource.fetching(endpoint.url()), clock);
    assertThatThrownBy(() -> both.verify(forged.serialize())).hasMessage("bad signature");
    assertThat(both.verify(mint(rsa, "alice")).userId()).isEqualTo("alice");
  }

  @Test
  void anRsaTokenRelabelledEs256FindsNoKey() {
    String token = mint(rsa, "alice");
    String relabelled = TokenVerifierTest.b64("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}") + token.substring(token.indexOf('.'));
    assertThatThrownBy(() -> verifier.verify(relabelled)).hasMessage("no ES256 key with this kid in the JWKS");
  }

  @Test
  void maximumLifetimeAppliesToJwksTokensToo() {
    String longLived = rsa.mint("alice", List.of(), Map.of(), settings, NOW * 1000, Duration.ofDays(30));
    assertThatThrownBy(() -> verifier.verify(longLived)).hasMessageStartingWith("token lifetime of 2592000s exceeds");
  }

  @Test
  void anUnreachableJwksIsA503NotAnInvalidToken() {
    String token = mint(rsa, "alice");
    endpoint.close();
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(AuthUnavailableException.class,
        e -> assertThat(e.status()).isEqualTo(503));
  }

  String mint(TokenMinter minter, String user) {
    return minter.mint(user, minter == ec ? List.of("agent") : List.of(), Map.of(), settings, NOW * 1000,
        Duration.ofMinutes(5));
  }

  JWTClaimsSet claims(String user) {
    return new JWTClaimsSet.Builder().subject(user).issuer("https://issuer.example").audience("app")
        .issueTime(new Date(NOW * 1000)).expirationTime(new Date((NOW + 60) * 1000)).build();
  }
}
