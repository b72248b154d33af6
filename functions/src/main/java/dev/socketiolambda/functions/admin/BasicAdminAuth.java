package dev.socketiolambda.functions.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.server.ConnectError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The official admin server's basic auth ({@code auth: {type: "basic", username, password: <bcrypt
 * hash>}}): the UI's login form sends {@code {username, password}}, checked against the username
 * and the bcrypt hash (the comparisons take the same time whether the username or the password is
 * wrong). A successful login gets a {@code session} id, which the UI stores and sends as
 * {@code {sessionId}} when the page is reloaded.
 *
 * <p>The official server keeps sessions in memory; function instances share none, so here a
 * session id is signed: {@code <expiry epoch seconds>.<HMAC-SHA256>} with a key derived from the
 * hash, valid for {@link #SESSION_TTL} on every instance. Keep the hash as a secret (a bundle
 * secret, not source code): whoever holds it can sign sessions.
 */
final class BasicAdminAuth implements AdminAuth {
  static final Duration SESSION_TTL = Duration.ofHours(12);
  private static final int MAX_FIELD_LENGTH = 256;
  /** As bcryptjs: a password is compared on its first 72 bytes; the hash compare is constant-time. */
  private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2A,
      LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

  private final byte[] username;
  private final char[] hash;
  private final byte[] sessionKey;
  private final Clock clock;

  BasicAdminAuth(String username, String bcryptHash, Clock clock) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(bcryptHash, "password: a bcrypt hash");
    if (!VERIFYER.verify(new char[0], bcryptHash.toCharArray()).validFormat) {
      throw new IllegalArgumentException("the `password` field must be a valid bcrypt hash");
    }
    this.username = username.getBytes(StandardCharsets.UTF_8);
    this.hash = bcryptHash.toCharArray();
    this.sessionKey = hmac(("socketio-lambda admin session key").getBytes(StandardCharsets.UTF_8),
        bcryptHash.getBytes(StandardCharsets.UTF_8));
    this.clock = clock;
  }

  @Override
  public void check(ObjectNode auth) throws ConnectError {
    if (auth != null && auth.path("sessionId").isTextual() && validSession(auth.path("sessionId").asText())) {
      return;
    }
    if (auth == null || !auth.path("username").isTextual() || !auth.path("password").isTextual()) {
      throw new ConnectError("invalid credentials");
    }
    String user = auth.path("username").asText();
    String password = auth.path("password").asText();
    if (user.length() > MAX_FIELD_LENGTH || password.length() > MAX_FIELD_LENGTH) {
      throw new ConnectError("invalid credentials");
    }
    boolean userMatches = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches = VERIFYER.verify(password.toCharArray(), hash).verified;
    if (!(userMatches && passwordMatches)) {
      throw new ConnectError("invalid credentials");
    }
  }

  /** A new session after a login with username and password; none when the UI came with its session. */
  @Override
  public String sessionFor(ObjectNode auth) {
    if (auth == null || !auth.path("password").isTextual()) {
      return null;
    }
    long expiry = clock.instant().plus(SESSION_TTL).getEpochSecond();
    return expiry + "." + signature(expiry);
  }

  boolean validSession(String sessionId) {
    int dot = sessionId.indexOf('.');
    if (dot <= 0 || sessionId.length() > 128) {
      return false;
    }
    long expiry;
    try {
      expiry = Long.parseLong(sessionId.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    boolean signed = MessageDigest.isEqual(signature(expiry).getBytes(StandardCharsets.US_ASCII),
        sessionId.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    return signed && clock.instant().getEpochSecond() < expiry;
  }

  private String signature(long expiry) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(hmac(sessionKey, Long.toString(expiry).getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
