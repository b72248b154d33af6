package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.auth.TokenMinter;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.apps.HandshakeApp;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real Java client ({@code io.socket:socket.io-client}) connects with a JWT in every place a
 * token can travel (CONNECT auth, query string, Authorization header) plus a cookie, to the local
 * stack (DynamoDB Local) running {@link HandshakeApp}, which verifies the token at CONNECT. While
 * the socket is connected, a scan of the whole state table finds neither the token nor the
 * Authorization/Cookie headers, and a later event still reads the fields the app declared.
 */
class StoredCredentialsIT {
  private static final long WAIT_S = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void noRowHoldsTheTokenAfterARealConnectAndDeclaredFieldsStayReadable() throws Exception {
    String jwt = TokenMinter.hs256(HandshakeApp.KEY).mint("ann", List.of(), Map.of(), null,
        System.currentTimeMillis(), Duration.ofMinutes(5));
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withApp(HandshakeApp.class.getName())
        .withPort(0))) {
      IO.Options options = IO.Options.builder()
          .setTransports(new String[] {WebSocket.NAME})
          .setReconnection(false)
          .setForceNew(true)
          .setTimeout(WAIT_S * 1000)
          .setAuth(Map.of("token", jwt, "name", "Ann"))
          .setQuery("token=" + jwt + "&room=lobby")
          .setExtraHeaders(Map.of("Authorization", List.of("Bearer " + jwt), "Cookie", List.of("session=" + jwt),
              "X-Client-Version", List.of("7")))
          .build();
      Socket client = IO.socket(URI.create("http://127.0.0.1:" + stack.port() + "/"), options);
      try {
        JavaClientIT.connect(client);

        List<Map<String, AttributeValue>> rows = stack.dynamo()
            .scan(b -> b.tableName(stack.table()).consistentRead(true)).items();
        assertThat(rows).as("the connection and socket rows").isNotEmpty();
        for (Map<String, AttributeValue> row : rows) {
          String text = row.toString();
          assertThat(text).as("a state row").doesNotContain(jwt).doesNotContainIgnoringCase("authorization")
              .doesNotContainIgnoringCase("cookie").doesNotContain("session=");
        }

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
  }

  private static JsonNode whoami(Socket s) throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    s.emit("whoami", new Object[0], args -> reply.complete(args.length > 0 ? args[0] : null));
    return JSON.readTree(String.valueOf(reply.get(WAIT_S, TimeUnit.SECONDS)));
  }
}
