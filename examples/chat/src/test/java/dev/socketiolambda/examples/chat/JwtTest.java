package dev.socketiolambda.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final long NOW = 1_800_000_000L;
  private final Jwt jwt = new Jwt(SECRET, "issuer", "socketio-chat");

  @Test
  void issuedTokensVerifyWithTheirClaims() throws Exception {
    ObjectNode claims = jwt.verify(jwt.issue("alice", "Alice", NOW, 60), NOW + 10);
    assertThat(claims.get("sub").textValue()).isEqualTo("alice");
    assertThat(claims.get("name").textValue()).isEqualTo("Alice");
    assertThat(claims.get("aud").textValue()).isEqualTo("socketio-chat");
    assertThat(claims.get("iss").textValue()).isEqualTo("issuer");
    assertThat(claims.get("exp").asLong()).isEqualTo(NOW + 60);
  }

  @Test
  void aTokenFromTheRfcShapedByHandVerifies() throws Exception {
    // built here with the JDK's HMAC, independently of Jwt.sign: header and claims as another library writes them
    String header = b64("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
    String payload = b64("{\"sub\":\"bob\",\"aud\":[\"other\",\"socketio-chat\"],\"iss\":\"issuer\",\"exp\":"
        + (NOW + 5) + ",\"nbf\":" + (NOW - 5) + "}");
    String token = header + "." + payload + "." + hmac(header + "." + payload);
    assertThat(jwt.verify(token, NOW).get("sub").textValue()).isEqualTo("bob");
  }

  @Test
  void expiryAndNotBeforeAllowThirtySecondsOfSkew() throws Exception {
    String token = jwt.issue("alice", "Alice", NOW, 60);
    jwt.verify(token, NOW + 60 + Jwt.SKEW_SECONDS);
    assertThatThrownBy(() -> jwt.verify(token, NOW + 61 + Jwt.SKEW_SECONDS)).hasMessage("token expired");
    String later = jwt.sign(Json.object().put("sub", "a").put("exp", NOW + 600).put("nbf", NOW + 100));
    assertThatThrownBy(() -> jwt.verify(later, NOW)).hasMessage("token not valid yet");
    jwt.verify(later, NOW + 100 - Jwt.SKEW_SECONDS);
  }

  @Test
  void refusesEveryKindOfBadToken() {
    String good = jwt.issue("alice", "Alice", NOW, 60);
    String[] parts = good.split("\\.");
    assertRefused(null, "missing token");
    assertRefused("", "missing token");
    assertRefused("abc", "malformed token: expected three dot-separated parts");
    assertRefused(good + ".x", "malformed token: expected three dot-separated parts");
    assertRefused(parts[0] + "." + parts[1] + "." + parts[2].substring(1), "bad signature");
    assertRefused(parts[0] + "." + b64("{\"sub\":\"mallory\",\"exp\":" + (NOW + 60) + "}") + "." + parts[2],
        "bad signature");
    assertRefused(new Jwt("another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8), "issuer",
        "socketio-chat").issue("alice", "Alice", NOW, 60), "bad signature");
    assertRefused(b64("{\"alg\":\"none\"}") + "." + parts[1] + ".", "unsupported algorithm \"none\": only HS256 is accepted");
    assertRefused(b64("{\"alg\":\"RS256\"}") + "." + parts[1] + "." + parts[2], "unsupported algorithm \"RS256\": only HS256 is accepted");
    assertRefused("!!!." + parts[1] + "." + parts[2], "malformed token: bad header encoding");
    assertRefused(b64("not json") + "." + parts[1] + "." + parts[2], "malformed token: the header is not JSON");
    assertRefused(parts[0] + "." + parts[1] + "." + parts[2] + "=", "malformed token: bad signature encoding");
    assertRefused("x".repeat(9000), "token too long");
  }

  @Test
  void checksAudienceIssuerSubjectAndExpiryPresence() {
    assertRefused(signed("{\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"iss\":\"issuer\",\"aud\":\"x\"}"), "wrong audience");
    assertRefused(signed("{\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"iss\":\"issuer\"}"), "wrong audience");
    assertRefused(signed("{\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"iss\":\"other\",\"aud\":\"socketio-chat\"}"),
        "wrong issuer");
    assertRefused(signed("{\"sub\":\"a\",\"iss\":\"issuer\",\"aud\":\"socketio-chat\"}"), "the token has no expiry (exp)");
    assertRefused(signed("{\"sub\":\"a\",\"exp\":\"tomorrow\",\"iss\":\"issuer\",\"aud\":\"socketio-chat\"}"),
        "the token has no expiry (exp)");
    assertRefused(signed("{\"sub\":\" \",\"exp\":" + (NOW + 60) + ",\"iss\":\"issuer\",\"aud\":\"socketio-chat\"}"),
        "the token names no subject (sub)");
    assertRefused(signed("{\"sub\":7,\"exp\":" + (NOW + 60) + ",\"iss\":\"issuer\",\"aud\":\"socketio-chat\"}"),
        "the token names no subject (sub)");
    assertRefused(signed("[1,2]"), "malformed token: the claims are not an object");
  }

  @Test
  void withoutIssuerOrAudienceAnyIsAccepted() throws Exception {
    Jwt open = new Jwt(SECRET, null, null);
    String token = new Jwt(SECRET, "someone", "anything").issue("carol", "Carol", NOW, 60);
    assertThat(open.verify(token, NOW).get("sub").textValue()).isEqualTo("carol");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 31})
  void shortSecretsAreRejected(int length) {
    assertThatThrownBy(() -> new Jwt(new byte[length], null, null)).hasMessageContaining("at least 32 bytes");
  }

  private void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> jwt.verify(token, NOW)).isInstanceOf(Jwt.InvalidTokenException.class).hasMessage(reason);
  }

  private static String signed(String claims) {
    String input = b64("{\"alg\":\"HS256\"}") + "." + b64(claims);
    return input + "." + hmac(input);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String hmac(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
