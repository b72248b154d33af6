package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void defaults() {
    AuthSettings s = AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET));
    assertThat(s.hmacSecret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(s.jwksUrl()).isNull();
    assertThat(s.issuer()).isNull();
    assertThat(s.audiences()).isEmpty();
    assertThat(s.maxTokenLifetime()).isNull();
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.userClaim()).isEqualTo("sub");
    assertThat(s.rolesClaim()).isEqualTo("roles");
  }

  @Test
  void everySettingIsRead() {
    AuthSettings s = AuthSettings.from(Map.of("AUTH_JWKS_URL",
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json",
        "AUTH_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", "AUTH_AUDIENCE", "app1, app2",
        "AUTH_MAX_TOKEN_LIFETIME", "12h", "AUTH_CLOCK_SKEW", "5s", "AUTH_USER_CLAIM", "username",
        "AUTH_ROLES_CLAIM", "cognito:groups"));
    assertThat(s.hmacSecret()).isNull();
    assertThat(s.jwksUrl()).isEqualTo(URI.create(
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json"));
    assertThat(s.issuer()).isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
    assertThat(s.audiences()).containsExactlyInAnyOrder("app1", "app2");
    assertThat(s.maxTokenLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.userClaim()).isEqualTo("username");
    assertThat(s.rolesClaim()).isEqualTo("cognito:groups");
    assertThat(AuthSettings.from(Map.of("AUTH_JWKS_URL", "http://127.0.0.1:8080/jwks.json")).jwksUrl()).hasPort(8080);
    assertThat(AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_MAX_TOKEN_LIFETIME", "1d"))
        .maxTokenLifetime()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void badSettingsAreRefusedWithTheVariableNamed() {
    assertThatThrownBy(() -> AuthSettings.from(Map.of())).hasMessageContaining("no token key is configured");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWT_SECRET", "short")))
        .hasMessage("the HS256 secret (AUTH_JWT_SECRET) must be at least 32 bytes, was 5");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_JWT_SECRET_ARN", "arn:x")))
        .hasMessage("set AUTH_JWT_SECRET or AUTH_JWT_SECRET_ARN, not both");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWT_SECRET_ARN", "arn:x")))
        .hasMessageContaining("AUTH_JWT_SECRET_ARN");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWKS_URL", "http://issuer.example/jwks.json")))
        .hasMessageStartingWith("AUTH_JWKS_URL must be an https URL");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWKS_URL", "not a url")))
        .hasMessageStartingWith("AUTH_JWKS_URL is not a URL");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWKS_URL", "/jwks.json")))
        .hasMessageStartingWith("AUTH_JWKS_URL must be an https URL");
    for (String bad : new String[] {"12", "3600", "1w", "-5s", "1.5h", "PT1H"}) {
      assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_MAX_TOKEN_LIFETIME", bad)))
          .hasMessage("AUTH_MAX_TOKEN_LIFETIME must be a duration like 90s, 15m, 12h or 1d, was '" + bad + "'");
    }
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_CLOCK_SKEW", "soon")))
        .hasMessageStartingWith("AUTH_CLOCK_SKEW must be a duration");
    assertThatThrownBy(() -> AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_ROLES_CLAIM", " roles")))
        .hasMessageStartingWith("AUTH_ROLES_CLAIM must be a claim name");
  }

  @Test
  void theSecretArnIsReadWithTheGivenReader() {
    AuthSettings s = AuthSettings.from(Map.of("AUTH_JWT_SECRET_ARN", "arn:aws:secretsmanager:r:1:secret:jwt"),
        arn -> arn.endsWith(":jwt") ? SECRET : null);
    assertThat(s.hmacSecret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(AuthSettings.from(Map.of("AUTH_JWT_SECRET", SECRET)).toString()).doesNotContain(SECRET)
        .contains("hs256=true");
  }
}
