package dev.socketiolambda.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.TokenVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTokensTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void hs256AndRs256DemoTokensVerifyThroughTheServedJwks() {
    try (LocalTokens tokens = LocalTokens.start(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_AUDIENCE", "demo"))) {
      assertThat(tokens.appEnv().get("AUTH_JWKS_URL")).startsWith("http://127.0.0.1:").endsWith("/.well-known/jwks.json");
      TokenVerifier verifier = TokenVerifier.of(tokens.settings()); // fetches the JWKS over HTTP
      Principal rs = verifier.verify(tokens.mint("RS256", "alice", List.of("admin"), Map.of("name", "Alice"),
          Duration.ofMinutes(5)));
      assertThat(rs.userId()).isEqualTo("alice");
      assertThat(rs.roles()).containsExactly("admin");
      assertThat(rs.claim("aud")).isNull(); // an array claim
      assertThat(rs.values("aud")).containsExactly("demo");
      assertThat(verifier.verify(tokens.mint("hs256", "bob", List.of(), Map.of(), Duration.ofMinutes(5))).userId())
          .isEqualTo("bob");
      assertThatThrownBy(() -> tokens.mint("ES512", "bob", List.of(), Map.of(), Duration.ofMinutes(5)))
          .hasMessageContaining("HS256 or RS256");
    }
  }

  @Test
  void withoutASecretARandomOneIsMadeAndTheUsersJwksUrlIsKept() {
    try (LocalTokens tokens = LocalTokens.start(Map.of("AUTH_JWKS_URL", "https://idp.example/jwks.json"))) {
      assertThat(tokens.appEnv().get("AUTH_JWT_SECRET")).hasSize(43);
      assertThat(tokens.appEnv().get("AUTH_JWKS_URL")).isEqualTo("https://idp.example/jwks.json");
      assertThatThrownBy(() -> tokens.mint("RS256", "a", List.of(), Map.of(), Duration.ofMinutes(1)))
          .hasMessageContaining("AUTH_JWKS_URL names another one");
    }
  }

  @Test
  void badSettingsFailTheCheck() {
    assertThatThrownBy(() -> LocalTokens.checkedEnv(Map.of("AUTH_JWT_SECRET", "short"))).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> LocalTokens.checkedEnv(Map.of("AUTH_JWT_SECRET_ARN", "arn:x")))
        .hasMessageContaining("set AUTH_JWT_SECRET instead");
    assertThatThrownBy(() -> LocalTokens.checkedEnv(Map.of("AUTH_MAX_TOKEN_LIFETIME", "forever")))
        .hasMessageContaining("AUTH_MAX_TOKEN_LIFETIME");
  }
}
