package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.auth.TokenMinter;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.apps.HandshakeApp;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real Java client ({@code io.socket:socket.io-client}) connects with a JWT in every place a
 * token can travel (CONNECT auth, query string, Authorization header) plus a cookie, to the local
 * stack (DynamoDB Local) running {@link HandshakeApp}, which verifies the token at CONNECT. No row
 * of the state table ever holds the token, the Authorization or Cookie header: neither between the
 * {@code $connect} (or the polling handshake) and the CONNECT, nor after it; the header the app
 * declared for its middleware only reaches the middleware and is gone after the CONNECT, and a
 * later event still reads the fields the app declared to keep. The same with the npm client, over
 * WebSocket and long-polling alike.
 */
class StoredCredentialsIT {
  private static final long WAIT_S = 20; // a bound, not a measure: the machine may be loaded
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LocalOptions.defaults().withApp(HandshakeApp.class.getName()).withPort(0));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String jwt() {
    return TokenMinter.hs256(HandshakeApp.KEY).mint("ann", List.of(), Map.of(), null, System.currentTimeMillis(),
        Duration.ofMinutes(5));
  }

  private static IO.Options options(String transport, String jwt, String tenant) {
    return IO.Options.builder()
        .setTransports(new String[] {transport})
        .setReconnection(false)
        .setForceNew(true)
        .setTimeout(WAIT_S * 1000)
        .setPath("/socket.io")
        .setAuth(Map.of("token", jwt, "name", "Ann"))
        .setQuery("token=" + jwt + "&room=lobby")
        .setExtraHeaders(Map.of("Authorization", List.of("Bearer " + jwt), "Cookie", List.of("session=" + jwt),
            "X-Client-Version", List.of("7"), "X-Tenant", List.of(tenant)))
        .build();
  }

  @Test
  void noRowHoldsTheTokenAfterARealConnectAndDeclaredFieldsStayReadable() throws Exception {
    String jwt = jwt();
    Socket client = IO.socket(URI.create(base() + "/"), options(WebSocket.NAME, jwt, "acme"));
    try {
      JavaClientIT.connect(client);

      assertNoCredentialInAnyRow(jwt);

      JsonNode seen = whoami(client);
      assertThat(seen.path("user").asText()).isEqualTo("ann");
      assertThat(seen.path("name").asText()).isEqualTo("Ann");
      assertThat(seen.path("room").asText()).isEqualTo("lobby");
      assertThat(seen.path("version").asText()).isEqualTo("7");
      for (String credential : List.of("token", "queryToken", "authorization", "cookie")) {
        assertThat(seen.path(credential).isNull()).as(credential + " in a later event: " + seen).isTrue();
      }
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {WebSocket.NAME, Polling.NAME})
  void betweenConnectAndCONNECTTheRowHoldsNoCredentialAndTheDeclaredHeaderReachesTheMiddleware(String transport)
      throws Exception {
    String jwt = jwt();
    String tenant = "tenant-java-" + transport + "-" + System.nanoTime();
    Manager manager = new Manager(URI.create(base()), options(transport, jwt, tenant));
    Socket client = null;
    try {
      CompletableFuture<Exception> opened = new CompletableFuture<>();
      manager.open(opened::complete); // the Engine.IO connection only: no namespace CONNECT yet
      assertThat(opened.get(WAIT_S, TimeUnit.SECONDS)).as("open error").isNull();

      assertTheRowBeforeTheConnectHoldsNoCredential(jwt, tenant);

      client = manager.socket("/", options(transport, jwt, tenant));
      JavaClientIT.connect(client);

      assertTheMiddlewareReadTheDeclaredHeaderNowGone(whoami(client), jwt, tenant);
    } finally {
      (client != null ? client : manager.socket("/")).close(); // the last socket closes the manager's connection
    }
  }

  /** The same with the npm socket.io-client (Node), driven line by line by local/src/test/node/handshake-storage.js. */
  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void theSameWithTheNpmClient(String transport) throws Exception {
    String jwt = jwt();
    String tenant = "tenant-npm-" + transport + "-" + System.nanoTime();
    Process node = new ProcessBuilder("node", "local/src/test/node/handshake-storage.js", base(), transport, jwt, tenant)
        .directory(Node.repoRoot().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
      assertThat(out.readLine()).as("the script opened (its own timeout bounds this read)").isEqualTo("open");

      assertTheRowBeforeTheConnectHoldsNoCredential(jwt, tenant);

      in.write("go\n");
      in.flush();
      String seen = out.readLine();
      assertThat(seen).as("whoami's answer").isNotNull();
      assertTheMiddlewareReadTheDeclaredHeaderNowGone(JSON.readTree(seen), jwt, tenant);
      assertThat(node.waitFor(WAIT_S, TimeUnit.SECONDS) && node.exitValue() == 0).as("node exited 0").isTrue();
    } finally {
      node.destroyForcibly();
    }
  }

  private static void assertTheRowBeforeTheConnectHoldsNoCredential(String jwt, String tenant) throws Exception {
    Map<String, AttributeValue> row = connectionRowWith(tenant);
    assertThat(row).as("the connection row of this client, before any CONNECT").isNotNull();
    assertThat(JSON.readTree(row.get("query").s()).fieldNames()).toIterable()
        .as("the undeclared ?token= is not written, the declared ?room= is").containsOnly("EIO", "transport", "room");
    assertThat(JSON.readTree(row.get("headers").s()).has("authorization")).isFalse();
    assertNoCredentialInAnyRow(jwt);
  }

  private static void assertTheMiddlewareReadTheDeclaredHeaderNowGone(JsonNode seen, String jwt, String tenant) {
    assertThat(seen.path("user").asText()).as("verified from auth.token: " + seen).isEqualTo("ann");
    assertThat(seen.path("tenantAtConnect").asText()).as("read by the middleware at the CONNECT").isEqualTo(tenant);
    assertThat(seen.path("tenant").isNull()).as("gone after the CONNECT: " + seen).isTrue();
    assertThat(connectionRowWith(tenant)).as("no row holds the until-CONNECT header any more").isNull();
    assertNoCredentialInAnyRow(jwt);
  }

  private static String base() {
    return "http://127.0.0.1:" + stack.port();
  }

  private static List<Map<String, AttributeValue>> rows() {
    return stack.dynamo().scan(b -> b.tableName(stack.table()).consistentRead(true)).items();
  }

  /** The connection row whose stored headers hold this value, or null. */
  private static Map<String, AttributeValue> connectionRowWith(String headerValue) {
    return rows().stream().filter(r -> r.containsKey("headers") && r.get("headers").s().contains(headerValue))
        .findFirst().orElse(null);
  }

  private static void assertNoCredentialInAnyRow(String jwt) {
    List<Map<String, AttributeValue>> rows = rows();
    assertThat(rows).as("the connection and socket rows").isNotEmpty();
    for (Map<String, AttributeValue> row : rows) {
      assertThat(row.toString()).as("a state row").doesNotContain(jwt).doesNotContainIgnoringCase("authorization")
          .doesNotContainIgnoringCase("cookie").doesNotContain("session=");
    }
  }

  private static JsonNode whoami(Socket s) throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    s.emit("whoami", new Object[0], args -> reply.complete(args.length > 0 ? args[0] : null));
    return JSON.readTree(String.valueOf(reply.get(WAIT_S, TimeUnit.SECONDS)));
  }
}
