package dev.socketiolambda.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.JwksEndpoint;
import dev.socketiolambda.functions.auth.JwksSource;
import dev.socketiolambda.functions.auth.TokenMinter;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.testing.TestClock;
import dev.socketiolambda.protocol.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin namespace's basic auth (bcrypt, as @socket.io/admin-ui's) and its JWT auth's refusals. */
class AdminAuthTest {
  /** Made by bcryptjs 2.4 (the official server's library): {@code hashSync("s3cret-admin", 4)}. */
  static final String BCRYPTJS_HASH = "$2a$04$EkDY.X6YPCMsCN665rz4S.Dq99zsE5iS7bGBZYk6bzTrcWzGkT6YO";
  static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

  private static ObjectNode login(String username, String password) {
    return Json.object().put("username", username).put("password", password);
  }

  private static BasicAdminAuth basic(Instant now) {
    return new BasicAdminAuth("admin", BCRYPTJS_HASH, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void theRightUsernameAndPasswordAgainstABcryptjsHashAreAdmitted() {
    AdminAuth auth = AdminAuth.basic("admin", BCRYPTJS_HASH);
    assertThatCode(() -> auth.check(login("admin", "s3cret-admin"))).doesNotThrowAnyException();
  }

  @Test
  void hashesOfOtherBcryptVersionsWork() {
    for (BCrypt.Version version : List.of(BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y)) {
      String hash = BCrypt.with(version).hashToString(4, "pw".toCharArray());
      assertThatCode(() -> AdminAuth.basic("ops", hash).check(login("ops", "pw"))).as(hash).doesNotThrowAnyException();
    }
  }

  @Test
  void aWrongPasswordOrUsernameOrMissingFieldsAreInvalidCredentials() {
    AdminAuth auth = AdminAuth.basic("admin", BCRYPTJS_HASH);
    for (ObjectNode bad : List.of(login("admin", "wrong"), login("root", "s3cret-admin"), Json.object(),
        Json.object().put("username", "admin"), Json.object().put("username", "admin").put("password", 42),
        login("admin", "x".repeat(10_000)))) {
      assertThatThrownBy(() -> auth.check(bad)).as(bad.toString()).isInstanceOf(ConnectError.class)
          .hasMessage("invalid credentials");
    }
    assertThatThrownBy(() -> auth.check(null)).hasMessage("invalid credentials");
  }

  @Test
  void somethingThatIsNotABcryptHashIsRefusedWhenConfigured() {
    assertThatThrownBy(() -> AdminAuth.basic("admin", "s3cret-admin")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the `password` field must be a valid bcrypt hash");
  }

  @Test
  void aLoginGetsASessionThatAdmitsOnReloadUntilItExpires() throws Exception {
    String session = basic(T0).sessionFor(login("admin", "s3cret-admin"));
    assertThat(session).matches("\\d+\\.[A-Za-z0-9_-]{43}");
    ObjectNode reload = Json.object().put("sessionId", session);

    assertThat(basic(T0).sessionFor(reload)).as("a session login gets no new session").isNull();
    basic(T0.plus(Duration.ofHours(11))).check(reload);
    assertThatThrownBy(() -> basic(T0.plus(BasicAdminAuth.SESSION_TTL)).check(reload))
        .hasMessage("invalid credentials");
  }

  @Test
  void aForgedOrAlteredSessionIsRefused() {
    String session = basic(T0).sessionFor(login("admin", "s3cret-admin"));
    String later = Long.parseLong(session.substring(0, session.indexOf('.'))) + 86_400 + session.substring(
        session.indexOf('.'));
    String otherHash = BCrypt.withDefaults().hashToString(4, "s3cret-admin".toCharArray());
    String signedByAnother = new BasicAdminAuth("admin", otherHash, Clock.fixed(T0, ZoneOffset.UTC))
        .sessionFor(login("admin", "s3cret-admin"));
    for (String bad : List.of(later, signedByAnother, "1", ".abc", "x.y", "9".repeat(30) + ".abc", "")) {
      assertThatThrownBy(() -> basic(T0).check(Json.object().put("sessionId", bad))).as(bad)
          .hasMessage("invalid credentials");
    }
  }

  @Test
  void jwtAuthSaysAuthIsUnavailableWhenTheJwksCannotBeFetched() {
    long now = 1_800_000_000L;
    TokenMinter rsa = TokenMinter.rs256("rsa-1");
    JwksEndpoint endpoint = JwksEndpoint.start(TokenMinter.publicJwks(List.of(rsa)));
    AuthSettings settings = new AuthSettings(null, endpoint.url(), "https://issuer.example", Set.of("app"),
        Duration.ofHours(1), null, null, null);
    AdminAuth auth = AdminAuth.jwt(new TokenVerifier(settings, JwksSource.fetching(endpoint.url()),
        new TestClock(now * 1000)), "admin");
    String admin = rsa.mint("ops", List.of("admin"), Map.of(), settings, now * 1000, Duration.ofMinutes(5));
    String user = rsa.mint("bob", List.of("user"), Map.of(), settings, now * 1000, Duration.ofMinutes(5));
    try {
      assertThatCode(() -> auth.check(login("admin", admin))).doesNotThrowAnyException();
      assertThatThrownBy(() -> auth.check(login("admin", user))).hasMessage("invalid credentials");
    } finally {
      endpoint.close();
    }
    String unknownKid = TokenMinter.rs256("rsa-2").mint("ops", List.of("admin"), Map.of(), settings, now * 1000,
        Duration.ofMinutes(5));

    assertThatThrownBy(() -> auth.check(login("admin", unknownKid))).isInstanceOfSatisfying(ConnectError.class, e -> {
      assertThat(e.getMessage()).isEqualTo("auth unavailable");
      assertThat(e.data().path("code").asText()).isEqualTo("AUTH_UNAVAILABLE");
    });
  }
}
