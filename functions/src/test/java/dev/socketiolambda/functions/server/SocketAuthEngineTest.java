package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.RoomPolicy;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.SocketAuth.OnExpiry;
import dev.socketiolambda.functions.auth.TokenMinter;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The shared auth's middleware, expiry check and room policy on the engine (in-memory store, recording gateway). */
class SocketAuthEngineTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  final AuthSettings settings = AuthSettings.hs256(SECRET);
  final TokenMinter minter = TokenMinter.hs256(SECRET);
  final List<String> handled = new CopyOnWriteArrayList<>();

  EngineHarness harness(OnExpiry onExpiry) {
    return harness(onExpiry, StoredHandshake.defaults());
  }

  EngineHarness harness(OnExpiry onExpiry, StoredHandshake stored) {
    EngineHarness[] h = new EngineHarness[1];
    RoomPolicy rooms = RoomPolicy.denyByDefault().allow("user:{userId}").allow("role:{roles}");
    h[0] = new EngineHarness(io -> {
      io.storedHandshake(stored);
      SocketAuth auth = new SocketAuth(new TokenVerifier(settings, null, () -> h[0].clock.now()), () -> h[0].clock.now(),
          onExpiry, List.of("name"));
      io.of("/").use(auth.middleware()).onAny(auth.expiryCheck())
          .on("hello", (socket, args, ack) -> {
            handled.add("hello " + SocketAuth.principal(socket).userId());
            ack.send("hi " + SocketAuth.principal(socket).claim("name"));
          })
          .on("join", (socket, args, ack) -> {
            rooms.join(socket, args.get(0).asText());
            ack.send("joined");
          });
    }, EngineHarness.QUIET);
    return h[0];
  }

  String token(EngineHarness h, String user, List<String> roles, Duration ttl) {
    return minter.mint(user, roles, Map.of("name", "Alice", "email", "a@example.com"), settings, h.clock.now(), ttl);
  }

  @Test
  void aValidAuthTokenConnectsAndKeepsThePrincipalButNotTheToken() {
    EngineHarness h = harness(OnExpiry.DISCONNECT);
    h.open("c1");
    String token = token(h, "alice", List.of("admin"), Duration.ofMinutes(5));
    h.join("c1", "/", "{\"token\":\"" + token + "\"}");

    String data = h.memory.getSocket("c1", "/").orElseThrow().dataJson();
    assertThat(Json.parse(data).path("auth").path("userId").asText()).isEqualTo("alice");
    assertThat(Json.parse(data).path("auth").path("roles").toString()).isEqualTo("[\"admin\"]");
    assertThat(data).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
        .as("only the claims asked for").doesNotContain("a@example.com");
    assertThat(h.send("c1", "421[\"hello\"]")).isEqualTo("431[\"hi Alice\"]");
  }

  @Test
  void aMissingOrBadTokenIsAConnectErrorSayingWhy() {
    EngineHarness h = harness(OnExpiry.DISCONNECT);
    h.open("c1");
    assertThat(h.send("c1", "40")).isEqualTo(
        "44{\"message\":\"unauthorized\",\"data\":{\"code\":\"UNAUTHORIZED\",\"message\":\"missing token: send it as auth.token (a token query parameter or "
        + "Authorization header is read only when the app declares it: StoredHandshake)\"}}");
    assertThat(h.send("c1", "40{\"token\":\"a.b.c\"}")).contains("\"code\":\"UNAUTHORIZED\"")
        .contains("malformed token");
    assertThat(h.send("c1", "40{\"token\":42}")).contains("auth.token must be a string");
    String expired = token(h, "alice", List.of(), Duration.ofSeconds(1));
    h.clock.advance(60_000);
    assertThat(h.send("c1", "40{\"token\":\"" + expired + "\"}")).contains("\"message\":\"token expired\"");
    assertThat(h.memory.socketsOf("c1")).isEmpty();
  }

  @Test
  void aQueryTokenOrBearerHeaderIsNeitherStoredNorReadUnlessDeclared() {
    EngineHarness h = harness(OnExpiry.DISCONNECT);
    String token = token(h, "bob", List.of(), Duration.ofMinutes(5));
    openWithTokenInQueryAndHeader(h, "q1", token);

    assertThat(h.memory.getConnection("q1").orElseThrow().toString()).doesNotContain(token);
    assertThat(h.send("q1", "40")).contains("missing token: send it as auth.token");
    assertThat(h.memory.socketsOf("q1")).isEmpty();
  }

  @Test
  void theQueryTokenAndTheBearerHeaderWorkWhenDeclaredUntilConnectAndAreDroppedByIt() {
    EngineHarness query = harness(OnExpiry.DISCONNECT, StoredHandshake.defaults().withQueryUntilConnect("token"));
    EngineHarness header = harness(OnExpiry.DISCONNECT,
        StoredHandshake.defaults().withHeadersUntilConnect("Authorization"));
    for (EngineHarness h : List.of(query, header)) {
      String token = token(h, "bob", List.of(), Duration.ofMinutes(5));
      openWithTokenInQueryAndHeader(h, "c1", token);

      assertThat(h.send("c1", "40")).startsWith("40{\"sid\":");

      assertThat(h.memory.getConnection("c1").orElseThrow().toString()).doesNotContain(token);
      assertThat(h.memory.getSocket("c1", "/").orElseThrow().toString()).doesNotContain(token);
    }
  }

  private static void openWithTokenInQueryAndHeader(EngineHarness h, String connectionId, String token) {
    h.engine.onConnect(new ConnectRequest(connectionId, EngineHarness.ENDPOINT, "203.0.113.7",
        Map.of("authorization", "Bearer " + token), Map.of("EIO", List.of("4"), "token", List.of(token)),
        h.clock.now()));
    h.engine.onOpen(connectionId);
    h.posted(connectionId);
  }

  @Test
  void anExpiredSocketIsAnsweredThenDisconnectedAtItsNextEvent() {
    EngineHarness h = harness(OnExpiry.DISCONNECT);
    h.open("c1");
    h.join("c1", "/", "{\"token\":\"" + token(h, "alice", List.of(), Duration.ofSeconds(60)) + "\"}");
    assertThat(h.send("c1", "421[\"hello\"]")).isEqualTo("431[\"hi Alice\"]");

    h.clock.advance((60 + 31) * 1000L);
    String routeResponse = h.send("c1", "422[\"hello\"]"); // the last frame of the invocation
    List<String> frames = new java.util.ArrayList<>(h.posted("c1")); // what went out before it
    frames.add(routeResponse);

    assertThat(frames).containsExactly("432[{\"error\":{\"message\":\"token expired\",\"data\":{\"code\":\"TOKEN_EXPIRED\","
        + "\"message\":\"your token has expired: connect again with a new one\"}}}]", "41");
    assertThat(handled).containsExactly("hello alice");
    assertThat(h.memory.socketsOf("c1")).isEmpty();
  }

  @Test
  void refuseModeKeepsTheSocketAndIgnoreModeLetsEventsThrough() {
    EngineHarness refuse = harness(OnExpiry.REFUSE);
    refuse.open("c1");
    refuse.join("c1", "/", "{\"token\":\"" + token(refuse, "alice", List.of(), Duration.ofSeconds(1)) + "\"}");
    refuse.clock.advance(60_000);
    assertThat(refuse.send("c1", "421[\"hello\"]")).startsWith("431[{\"error\":{\"message\":\"token expired\"");
    assertThat(refuse.memory.socketsOf("c1")).hasSize(1);

    EngineHarness ignore = harness(OnExpiry.IGNORE);
    ignore.open("c2");
    ignore.join("c2", "/", "{\"token\":\"" + token(ignore, "bob", List.of(), Duration.ofSeconds(1)) + "\"}");
    ignore.clock.advance(60_000);
    assertThat(ignore.send("c2", "421[\"hello\"]")).isEqualTo("431[\"hi Alice\"]");
    assertThat(handled).containsExactly("hello bob");
  }

  @Test
  void theRoomPolicyRefusesAJoinWithAClearAckError() {
    EngineHarness h = harness(OnExpiry.DISCONNECT);
    h.open("c1");
    h.join("c1", "/", "{\"token\":\"" + token(h, "alice", List.of("admin"), Duration.ofMinutes(5)) + "\"}");
    assertThat(h.send("c1", "421[\"join\",\"user:alice\"]")).isEqualTo("431[\"joined\"]");
    assertThat(h.send("c1", "422[\"join\",\"role:admin\"]")).isEqualTo("432[\"joined\"]");
    assertThat(h.send("c1", "423[\"join\",\"user:bob\"]")).isEqualTo("433[{\"error\":{\"message\":"
        + "\"you may not use room 'user:bob'\",\"data\":{\"code\":\"FORBIDDEN\",\"room\":\"user:bob\"}}}]");
    assertThat(h.memory.getSocket("c1", "/").orElseThrow().rooms()).contains("user:alice", "role:admin")
        .doesNotContain("user:bob");
  }
}
