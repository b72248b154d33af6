package dev.socketiolambda.functions.http;

import static dev.socketiolambda.functions.http.HttpEvents.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.TokenMinter;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes behind {@code Authorization: Bearer}, verified by the shared auth module with real HS256 tokens. */
class BearerAuthenticatorTest {
  private static final AuthSettings SETTINGS =
      AuthSettings.hs256("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final TokenMinter MINTER = TokenMinter.hs256(SETTINGS.hmacSecret());

  private static final Router<Void> ROUTER = Router.<Void>builder()
      .authenticator(Authenticator.bearer(TokenVerifier.of(SETTINGS)))
      .get("/me", (req, ctx) -> {
        Principal p = req.requirePrincipal();
        return HttpResponse.ok(Map.of("sub", p.userId(), "admin", p.hasRole("admin")));
      })
      .build();

  private static APIGatewayV2HTTPResponse get(String authorization) {
    HttpEvents e = request("GET", "/me");
    if (authorization != null) {
      e.header("authorization", authorization);
    }
    return ROUTER.handle(e.event(), new RouteContext<>(() -> null, null));
  }

  private static String token(String user, List<String> roles) {
    return MINTER.mint(user, roles, Map.of(), SETTINGS, System.currentTimeMillis(), Duration.ofMinutes(5));
  }

  @Test
  void aValidTokenIsTheRoutesPrincipal() {
    APIGatewayV2HTTPResponse r = get("Bearer " + token("ada", List.of("admin")));
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(Json.parse(r.getBody())).isEqualTo(Json.parse("{\"sub\":\"ada\",\"admin\":true}"));
  }

  @Test
  void noHeaderIsAnonymousAndARouteThatNeedsAPrincipalAnswers401() {
    assertThat(get(null).getStatusCode()).isEqualTo(401);
  }

  @Test
  void aChangedSignatureIsA401WithWwwAuthenticate() {
    String t = token("ada", List.of());
    char last = t.charAt(t.length() - 1);
    APIGatewayV2HTTPResponse r = get("Bearer " + t.substring(0, t.length() - 1) + (last == 'A' ? 'B' : 'A'));
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(r.getHeaders()).containsEntry("www-authenticate", "Bearer");
    assertThat(r.getBody()).contains("\"code\":\"unauthorized\"");
  }
}
