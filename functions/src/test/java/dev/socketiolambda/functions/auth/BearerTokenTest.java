package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.server.Handshake;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a handshake's token is found, in the forms clients send it. */
class BearerTokenTest {

  @Test
  void theAuthTokenIsTakenAsItIsOrWithoutItsBearerPrefix() {
    assertThat(BearerToken.fromHandshake(handshake(Json.object().put("token", "abc.def.ghi")))).isEqualTo("abc.def.ghi");
    assertThat(BearerToken.fromHandshake(handshake(Json.object().put("token", "Bearer abc.def.ghi"))))
        .isEqualTo("abc.def.ghi");
    assertThat(BearerToken.fromHandshake(handshake(Json.object().put("token", " bearer  abc.def.ghi "))))
        .isEqualTo("abc.def.ghi");
  }

  @Test
  void aTokenThatIsNotAStringIsRefused() {
    ObjectNode auth = Json.object();
    auth.putObject("token");
    assertThatThrownBy(() -> BearerToken.fromHandshake(handshake(auth))).isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("auth.token must be a string");
  }

  @Test
  void withoutAnAuthTokenTheQueryThenTheAuthorizationHeaderIsRead() {
    assertThat(BearerToken.fromHandshake(new Handshake(Map.of(), Map.of("token", List.of("q")), Json.object(), "ip",
        "t", 0))).isEqualTo("q");
    assertThat(BearerToken.fromHandshake(new Handshake(Map.of("authorization", "Bearer h"), Map.of(), Json.object(),
        "ip", "t", 0))).isEqualTo("h");
    assertThat(BearerToken.fromHandshake(handshake(Json.object()))).isNull();
  }

  private static Handshake handshake(ObjectNode auth) {
    return new Handshake(Map.of(), Map.of(), auth, "ip", "t", 0);
  }
}
