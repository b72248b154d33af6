package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredHandshakeTest {
  private static final Map<String, String> HEADERS = Map.of("authorization", "Bearer jwt", "cookie", "sid=1",
      "user-agent", "node", "origin", "https://app.example.com", "x-client-version", "7");
  private static final Map<String, List<String>> QUERY = Map.of("token", List.of("jwt"), "room", List.of("lobby"),
      "EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of("abc"));

  @Test
  void defaultsKeepNoAuthKeyNoCredentialHeaderAndOnlyEngineQueryParameters() {
    StoredHandshake d = StoredHandshake.defaults();

    assertThat(Json.write(d.auth(Json.parse("{\"token\":\"jwt\",\"name\":\"ann\"}")))).isEqualTo("{}");
    assertThat(d.headers(HEADERS)).containsOnlyKeys("user-agent", "origin");
    assertThat(d.query(QUERY)).containsOnlyKeys("EIO", "transport", "sid");
  }

  @Test
  void declaredFieldsAreKeptAndNothingElse() {
    StoredHandshake s = StoredHandshake.defaults().withAuth("name").withQuery("room").withHeaders("X-Client-Version");

    assertThat(Json.write(s.auth(Json.parse("{\"token\":\"jwt\",\"name\":\"ann\",\"nested\":{\"a\":1}}"))))
        .isEqualTo("{\"name\":\"ann\"}");
    assertThat(s.headers(HEADERS)).containsOnlyKeys("user-agent", "origin", "x-client-version");
    assertThat(s.query(QUERY)).containsOnlyKeys("room", "EIO", "transport", "sid");
  }

  @Test
  void filteringCopiesAndLeavesTheCallersPayloadAlone() {
    var auth = Json.parse("{\"token\":\"jwt\",\"profile\":{\"name\":\"ann\"}}");
    var kept = StoredHandshake.defaults().withAuth("profile").auth(auth);

    ((com.fasterxml.jackson.databind.node.ObjectNode) kept.get("profile")).put("name", "bob");

    assertThat(auth.path("profile").path("name").asText()).isEqualTo("ann");
    assertThat(auth.has("token")).isTrue();
  }

  @Test
  void aNonObjectAuthPayloadKeepsNothing() {
    StoredHandshake s = StoredHandshake.defaults().withAuth("token");

    assertThat(Json.write(s.auth(null))).isEqualTo("{}");
    assertThat(Json.write(s.auth(Json.parse("[\"token\"]")))).isEqualTo("{}");
  }

  @Test
  void anAppMayDeclareACredentialExplicitly() {
    StoredHandshake s = StoredHandshake.defaults().withHeaders("Authorization");

    assertThat(s.headers(HEADERS)).containsEntry("authorization", "Bearer jwt");
  }

  @Test
  void aNullFieldNameIsRefused() {
    assertThatThrownBy(() -> StoredHandshake.defaults().withAuth((String) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("must not be null");
  }
}
