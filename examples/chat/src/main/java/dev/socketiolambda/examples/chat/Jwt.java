package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens (RFC 7519), verified the strict way: the header must say {@code HS256}
 * (never {@code none} or another algorithm), the signature is compared in constant time, and
 * {@code exp} (required), {@code nbf}, {@code aud} and {@code iss} are checked with a small clock
 * skew. No library: the JDK's HMAC is all it takes, and nothing is loaded at cold start that the
 * chat does not use.
 */
public final class Jwt {
  /** Clock skew allowed on {@code exp} and {@code nbf}, seconds. */
  public static final long SKEW_SECONDS = 30;
  private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
      .getBytes(StandardCharsets.UTF_8));

  private final byte[] secret;
  private final String issuer;
  private final String audience;

  /**
   * @param secret HMAC key, at least 32 bytes (RFC 7518 3.2: the key must be as long as the hash)
   * @param issuer required {@code iss}, or null to accept any
   * @param audience required {@code aud} (a string or one of an array), or null to accept any
   */
  public Jwt(byte[] secret, String issuer, String audience) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("the JWT secret must be at least 32 bytes, was " + secret.length);
    }
    this.secret = secret.clone();
    this.issuer = issuer;
    this.audience = audience;
  }

  /** Why a token was refused; the message is safe to show the client. */
  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
      super(message, null, false, false);
    }
  }

  /** A token with these claims, signed; {@code iss} and {@code aud} of this verifier are added when set. */
  public String sign(ObjectNode claims) {
    ObjectNode c = claims.deepCopy();
    if (issuer != null && !c.has("iss")) {
      c.put("iss", issuer);
    }
    if (audience != null && !c.has("aud")) {
      c.put("aud", audience);
    }
    String signingInput = HEADER + "." + base64Url(Json.write(c).getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + base64Url(hmac(signingInput));
  }

  /** A token for {@code subject} with a display name, valid for {@code ttlSeconds} from {@code nowSeconds}. */
  public String issue(String subject, String name, long nowSeconds, long ttlSeconds) {
    return sign(Json.object().put("sub", subject).put("name", name).put("iat", nowSeconds)
        .put("exp", nowSeconds + ttlSeconds));
  }

  /**
   * The claims of a valid token.
   *
   * @throws InvalidTokenException with the reason (malformed, bad signature, expired, not yet valid,
   *     wrong audience or issuer, no subject)
   */
  public ObjectNode verify(String token, long nowSeconds) throws InvalidTokenException {
    if (token == null || token.isEmpty()) {
      throw new InvalidTokenException("missing token");
    }
    if (token.length() > 8_192) {
      throw new InvalidTokenException("token too long");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new InvalidTokenException("malformed token: expected three dot-separated parts");
    }
    JsonNode header = jsonPart(token.substring(0, first), "header");
    if (!"HS256".equals(header.path("alg").asText(null))) {
      throw new InvalidTokenException("unsupported algorithm " + header.path("alg") + ": only HS256 is accepted");
    }
    byte[] signature = decode(token.substring(second + 1), "signature");
    if (!MessageDigest.isEqual(signature, hmac(token.substring(0, second)))) {
      throw new InvalidTokenException("bad signature");
    }
    JsonNode payload = jsonPart(token.substring(first + 1, second), "payload");
    if (!(payload instanceof ObjectNode claims)) {
      throw new InvalidTokenException("malformed token: the claims are not an object");
    }
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      throw new InvalidTokenException("the token has no expiry (exp)");
    }
    if (nowSeconds > exp.asLong() + SKEW_SECONDS) {
      throw new InvalidTokenException("token expired");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && (!nbf.isNumber() || nowSeconds + SKEW_SECONDS < nbf.asLong())) {
      throw new InvalidTokenException("token not valid yet");
    }
    if (issuer != null && !issuer.equals(claims.path("iss").asText(null))) {
      throw new InvalidTokenException("wrong issuer");
    }
    if (audience != null && !hasAudience(claims.get("aud"))) {
      throw new InvalidTokenException("wrong audience");
    }
    JsonNode sub = claims.get("sub");
    if (sub == null || !sub.isTextual() || sub.textValue().isBlank()) {
      throw new InvalidTokenException("the token names no subject (sub)");
    }
    return claims;
  }

  private boolean hasAudience(JsonNode aud) {
    if (aud == null) {
      return false;
    }
    if (aud.isTextual()) {
      return audience.equals(aud.textValue());
    }
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        if (a.isTextual() && audience.equals(a.textValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode jsonPart(String part, String what) throws InvalidTokenException {
    byte[] bytes = decode(part, what);
    try {
      return Json.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (ProtocolException | IllegalArgumentException e) {
      throw new InvalidTokenException("malformed token: the " + what + " is not JSON");
    }
  }

  private static byte[] decode(String part, String what) throws InvalidTokenException {
    if (part.isEmpty() || part.indexOf('=') >= 0) {
      throw new InvalidTokenException("malformed token: bad " + what + " encoding");
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("malformed token: bad " + what + " encoding");
    }
  }

  private byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
