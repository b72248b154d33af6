package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.socketiolambda.functions.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HS256 tokens: the signature, the structure, the claims. */
class TokenVerifierTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final long NOW = 1_800_000_000L;
  final TestClock clock = new TestClock(NOW * 1000);
  final AuthSettings settings = new AuthSettings(SECRET, null, "issuer", Set.of("socketio-chat"), null, null, null,
      null);
  final TokenVerifier verifier = new TokenVerifier(settings, null, clock);
  final TokenMinter minter = TokenMinter.hs256(SECRET);

  @Test
  void aMintedTokenGivesItsPrincipal() {
    String token = minter.mint("alice", List.of("admin", "agent"), Map.of("name", "Alice"), settings, NOW * 1000,
        Duration.ofMinutes(1));
    Principal p = verifier.verify(token);
    assertThat(p.userId()).isEqualTo("alice");
    assertThat(p.roles()).containsExactlyInAnyOrder("admin", "agent");
    assertThat(p.claim("name")).isEqualTo("Alice");
    assertThat(p.claim("iss")).isEqualTo("issuer");
    assertThat(p.expiresAt().getEpochSecond()).isEqualTo(NOW + 60);
  }

  @Test
  void aTokenShapedByHandWithTheJdkHmacVerifies() {
    // as another library writes them: other header order and spacing, an audience array, nbf
    String header = b64("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
    String payload = b64("{\"sub\":\"bob\",\"aud\":[\"other\",\"socketio-chat\"],\"iss\":\"issuer\",\"exp\":"
        + (NOW + 5) + ",\"nbf\":" + (NOW - 5) + "}");
    assertThat(verifier.verify(header + "." + payload + "." + hmac(header + "." + payload)).userId()).isEqualTo("bob");
  }

  @Test
  void aChangedSignatureCharacterIsRefusedEvenWhereTheDecoderIgnoresIt() {
    String token = minter.mint("alice", List.of(), Map.of(), settings, NOW * 1000, Duration.ofMinutes(1));
    String sig = token.substring(token.lastIndexOf('.') + 1);
    assertThat(sig).hasSize(43); // 32 bytes: the last character carries 4 bits and 2 unused ones
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(sig.charAt(42));
    for (int flip = 1; flip <= 3; flip++) {
      String changed = sig.substring(0, 42) + alphabet.charAt(last ^ flip);
      assertThat(Base64.getUrlDecoder().decode(changed)).as("the lenient decoder reads the same bytes")
          .isEqualTo(Base64.getUrlDecoder().decode(sig));
      String forged = token.substring(0, token.lastIndexOf('.') + 1) + changed;
      assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidTokenException.class)
          .hasMessage("bad signature");
    }
    String flipped = sig.substring(0, 10) + (sig.charAt(10) == 'A' ? 'B' : 'A') + sig.substring(11);
    assertRefused(token.substring(0, token.lastIndexOf('.') + 1) + flipped, "bad signature");
  }

  @Test
  void refusesEveryKindOfBadToken() {
    String good = minter.mint("alice", List.of(), Map.of(), settings, NOW * 1000, Duration.ofMinutes(1));
    String[] parts = good.split("\\.");
    assertRefused(null, "missing token");
    assertRefused("", "missing token");
    assertRefused("x".repeat(9000), "token too long");
    assertRefused("abc", "malformed token: expected three dot-separated base64url parts");
    assertRefused(good + ".x", "malformed token: expected three dot-separated base64url parts");
    assertRefused("!!!." + parts[1] + "." + parts[2], "malformed token: expected three dot-separated base64url parts");
    assertRefused(parts[0] + "." + parts[1] + "." + parts[2] + "=",
        "malformed token: expected three dot-separated base64url parts");
    assertThatThrownBy(() -> verifier.verify(b64("not json") + "." + parts[1] + "." + parts[2]))
        .isInstanceOf(InvalidTokenException.class).hasMessageStartingWith("malformed token: unreadable header");
    assertRefused(parts[0] + "." + b64("{\"sub\":\"mallory\",\"exp\":" + (NOW + 60) + "}") + "." + parts[2],
        "bad signature");
    assertRefused(TokenMinter.hs256("another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8))
        .mint("alice", List.of(), Map.of(), settings, NOW * 1000, Duration.ofMinutes(1)), "bad signature");
    assertRefused(parts[0] + "." + parts[1] + ".", "bad signature");
  }

  @Test
  void algNoneAndAlgorithmsWithoutAKeyAreRefused() {
    String claims = b64("{\"sub\":\"mallory\",\"exp\":" + (NOW + 60) + ",\"iss\":\"issuer\",\"aud\":\"socketio-chat\"}");
    assertRefused(b64("{\"alg\":\"none\"}") + "." + claims + ".", "unsupported algorithm \"none\"");
    assertRefused(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + "." + hmac("x"),
        "unsupported algorithm \"none\"");
    assertRefused(b64("{\"alg\":\"RS256\"}") + "." + claims + "." + hmac("x"),
        "unsupported algorithm \"RS256\": only HS256 is accepted");
    assertRefused(b64("{\"alg\":\"HS512\"}") + "." + claims + "." + hmac("x"),
        "unsupported algorithm \"HS512\": only HS256 is accepted");
  }

  @Test
  void expiryNotBeforeAndIssueTimeAllowTheClockSkew() {
    String token = minter.mint("alice", List.of(), Map.of(), settings, NOW * 1000, Duration.ofSeconds(60));
    clock.advance((60 + 30) * 1000L);
    verifier.verify(token);
    clock.advance(1000);
    assertRefused(token, "token expired");

    TestClock early = new TestClock(NOW * 1000);
    TokenVerifier v = new TokenVerifier(settings, null, early);
    String later = signed(claims().notBeforeTime(new Date((NOW + 100) * 1000)).build());
    assertThatThrownBy(() -> v.verify(later)).hasMessage("token not valid yet");
    early.advance(70 * 1000L);
    assertThat(v.verify(later).userId()).isEqualTo("alice");

    String future = signed(claims().issueTime(new Date((NOW + 200) * 1000)).build());
    assertThatThrownBy(() -> new TokenVerifier(settings, null, new TestClock(NOW * 1000)).verify(future))
        .hasMessage("token issued in the future (iat)");
    AuthSettings lenient = new AuthSettings(SECRET, null, "issuer", Set.of(), null, Duration.ofMinutes(5), null, null);
    assertThat(new TokenVerifier(lenient, null, new TestClock(NOW * 1000)).verify(future).userId()).isEqualTo("alice");
  }

  @Test
  void checksIssuerAudienceExpiryPresenceAndTheUser() {
    assertRefused(signed(claims().issuer("other").build()), "wrong issuer");
    assertRefused(signed(claims().issuer(null).build()), "wrong issuer");
    assertRefused(signed(claims().audience("x").build()), "wrong audience");
    assertRefused(signed(claims().audience((String) null).build()), "wrong audience");
    assertRefused(signed(claims().expirationTime(null).build()), "the token has no expiry (exp)");
    assertRefused(signed(claims().subject(" ").build()), "the token names no user id (sub)");
    assertRefused(signed(claims().subject(null).build()), "the token names no user id (sub)");
    assertRefused(signed(claims().claim("roles", "admin").build()), "the roles claim (roles) must be an array of strings");
    assertRefused(signed(claims().claim("roles", List.of("a", 1)).build()),
        "the roles claim (roles) must be an array of strings");
    String input = b64("{\"alg\":\"HS256\"}") + "." + b64("{\"sub\":\"a\",\"exp\":\"tomorrow\"}");
    assertThatThrownBy(() -> verifier.verify(input + "." + hmac(input))).isInstanceOf(InvalidTokenException.class)
        .hasMessageStartingWith("malformed token: the claims are not a valid JSON object");
    String array = b64("{\"alg\":\"HS256\"}") + "." + b64("[1,2]");
    assertThatThrownBy(() -> verifier.verify(array + "." + hmac(array))).isInstanceOf(InvalidTokenException.class)
        .hasMessageStartingWith("malformed token: the claims are not a valid JSON object");
  }

  @Test
  void withoutIssuerOrAudienceAnyIsAccepted() {
    TokenVerifier open = new TokenVerifier(AuthSettings.hs256(SECRET), null, clock);
    assertThat(open.verify(signed(claims().issuer("someone").audience("anything").build())).userId())
        .isEqualTo("alice");
  }

  @Test
  void maximumLifetimeIsEnforcedAndNeedsAnIssueTime() {
    AuthSettings capped = new AuthSettings(SECRET, null, null, Set.of(), Duration.ofHours(1), null, null, null);
    TokenVerifier v = new TokenVerifier(capped, null, clock);
    assertThat(v.verify(minter.mint("a", List.of(), Map.of(), capped, NOW * 1000, Duration.ofHours(1))).userId())
        .isEqualTo("a");
    assertThatThrownBy(() -> v.verify(minter.mint("a", List.of(), Map.of(), capped, NOW * 1000,
        Duration.ofSeconds(3601)))).hasMessage("token lifetime of 3601s exceeds the maximum of 3600s");
    assertThatThrownBy(() -> v.verify(signed(claims().issueTime(null).build())))
        .hasMessage("the token has no issue time (iat), needed to check its lifetime");
    assertThat(v.verify(signed(claims().issueTime(null).notBeforeTime(new Date(NOW * 1000)).build())).userId())
        .as("nbf stands in for iat").isEqualTo("alice");
  }

  @Test
  void claimNamesAreConfigurable() {
    AuthSettings cognito = AuthSettings.from(Map.of("AUTH_JWT_SECRET", new String(SECRET, StandardCharsets.UTF_8),
        "AUTH_USER_CLAIM", "username", "AUTH_ROLES_CLAIM", "cognito:groups"));
    Principal p = new TokenVerifier(cognito, null, clock).verify(signed(claims().claim("username", "carol")
        .claim("cognito:groups", List.of("ops")).build()));
    assertThat(p.userId()).isEqualTo("carol");
    assertThat(p.roles()).containsExactly("ops");
  }

  @Test
  void anAuthorizationHeaderGivesThePrincipalOrA401() {
    String token = signed(claims().build());
    assertThat(verifier.verifyAuthorization("Bearer " + token).userId()).isEqualTo("alice");
    assertThat(verifier.verifyAuthorization("bearer  " + token + " ").userId()).isEqualTo("alice");
    for (String bad : Arrays.asList(null, "", "Basic YWxpY2U6cHc=", "Bearer", "Bearer  ", token)) {
      assertThatThrownBy(() -> verifier.verifyAuthorization(bad)).isInstanceOfSatisfying(InvalidTokenException.class,
          e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.wwwAuthenticate()).startsWith("Bearer error=\"invalid_token\"");
          });
    }
    assertThatThrownBy(() -> verifier.verifyAuthorization("Bearer " + token + "x")).hasMessage("bad signature");
  }

  JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().subject("alice").issuer("issuer").audience("socketio-chat")
        .issueTime(new Date(NOW * 1000)).expirationTime(new Date((NOW + 60) * 1000));
  }

  String signed(JWTClaimsSet claims) {
    return minter.sign(claims);
  }

  void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessage(reason);
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String hmac(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
