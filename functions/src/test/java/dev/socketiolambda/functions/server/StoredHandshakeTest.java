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
    assertThatThrownBy(() -> StoredHandshake.defaults().withHeadersUntilConnect((String) null))
        .isInstanceOf(NullPointerException.class);
  }

  /** What API Gateway passes to {@code $connect} (its own headers plus the client's), with every credential. */
  private static final Map<String, String> AT_CONNECT = Map.ofEntries(
      Map.entry("host", "abc.execute-api.eu-west-1.amazonaws.com"), Map.entry("origin", "https://app.example.com"),
      Map.entry("user-agent", "node"), Map.entry("accept-language", "fr"), Map.entry("x-forwarded-for", "198.51.100.23"),
      Map.entry("x-forwarded-port", "443"), Map.entry("x-forwarded-proto", "https"),
      Map.entry("x-amzn-trace-id", "Root=1-6"), Map.entry("sec-websocket-version", "13"),
      Map.entry("sec-websocket-extensions", "permessage-deflate"), Map.entry("sec-websocket-key", "q9Lx=="),
      Map.entry("authorization", "Bearer jwt"), Map.entry("proxy-authorization", "Basic YTpi"),
      Map.entry("cookie", "sid=1"), Map.entry("x-api-key", "k-1"), Map.entry("x-amz-security-token", "st"),
      Map.entry("sec-websocket-protocol", "access_token, jwt"), Map.entry("referer", "https://app/?token=jwt"),
      Map.entry("x-auth-token", "jwt"), Map.entry("x-client-version", "7"));

  @Test
  void dollarConnectStoresOnlyOrdinaryHeadersAndEngineQueryByDefault() {
    StoredHandshake d = StoredHandshake.defaults();

    assertThat(d.headersUntilConnect(AT_CONNECT)).containsOnlyKeys("host", "origin", "user-agent", "accept-language",
        "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id", "sec-websocket-version",
        "sec-websocket-extensions");
    assertThat(d.queryUntilConnect(QUERY)).containsOnlyKeys("EIO", "transport", "sid");
    assertThat(d.notStored(AT_CONNECT, QUERY)).containsExactly("header authorization", "header cookie",
        "header proxy-authorization", "header referer", "header sec-websocket-protocol",
        "header x-amz-security-token", "header x-api-key", "header x-auth-token", "header x-client-version",
        "query room", "query token");
  }

  @Test
  void untilConnectDeclarationsAreStoredAtConnectAndDroppedAfterIt() {
    StoredHandshake s = StoredHandshake.defaults().withHeadersUntilConnect("Authorization")
        .withQueryUntilConnect("token");

    assertThat(s.headersUntilConnect(AT_CONNECT)).containsEntry("authorization", "Bearer jwt")
        .doesNotContainKeys("cookie", "x-api-key", "proxy-authorization");
    assertThat(s.queryUntilConnect(QUERY)).containsOnlyKeys("token", "EIO", "transport", "sid");
    assertThat(s.headers(AT_CONNECT)).doesNotContainKey("authorization");
    assertThat(s.query(QUERY)).doesNotContainKey("token");
    assertThat(s.notStored(AT_CONNECT, QUERY)).doesNotContain("header authorization", "query token")
        .contains("header cookie", "query room");
    assertThat(s.notStored(Map.of("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        Map.of("t", List.of("PZ1a"), "b64", List.of("1")))).as("client noise").isEmpty();
    assertThat(s.queryUntilConnect(Map.of("t", List.of("PZ1a")))).isEmpty();
  }

  @Test
  void fieldsKeptPastTheConnectAreStoredAtConnectToo() {
    StoredHandshake s = StoredHandshake.defaults().withQuery("room").withHeaders("X-Client-Version");

    assertThat(s.headersUntilConnect(AT_CONNECT)).containsEntry("x-client-version", "7");
    assertThat(s.queryUntilConnect(QUERY)).containsEntry("room", List.of("lobby"));
    assertThat(s.headers(AT_CONNECT)).containsEntry("x-client-version", "7");
    assertThat(s.query(QUERY)).containsEntry("room", List.of("lobby"));
  }

  @Test
  void headerNamesMatchInAnyCaseQueryKeysExactly() {
    StoredHandshake s = StoredHandshake.defaults().withHeadersUntilConnect("X-TENANT").withQueryUntilConnect("room");

    assertThat(s.headersUntilConnect(Map.of("x-tenant", "acme", "Cookie", "a"))).containsOnlyKeys("x-tenant");
    assertThat(s.queryUntilConnect(Map.of("Room", List.of("x"), "room", List.of("y")))).containsOnlyKeys("room");
  }
}
