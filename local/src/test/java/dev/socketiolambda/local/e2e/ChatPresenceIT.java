package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.examples.chat.ChatConfig;
import dev.socketiolambda.examples.chat.ChatStore;
import dev.socketiolambda.functions.auth.TokenMinter;
import dev.socketiolambda.local.LocalStack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stale presence heals: the chat on the local stack, real Java clients. Ann's connection is lost
 * to the runtime without the chat hearing of it (its state rows vanish, as when they expire after a
 * {@code $disconnect} that never ran the listeners; her later {@code $disconnect} then finds nothing),
 * so the chat's presence row still names it. When Bob connects, the chat asks the runtime which
 * recorded connections are still here ({@code io.connected}), forgets Ann's, tells her channels she
 * is offline and leaves her out of Bob's online list.
 */
class ChatPresenceIT {
  private static final long WAIT_S = 15;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aConnectionTheRuntimeLostLeavesThePresenceSetWhenSomeoneLooks() throws Exception {
    try (LocalStack stack = LocalStack.start(ChatIT.chatOptions())) {
      ChatIT.seed(stack, "p");
      ChatStore chat = new ChatStore(stack.dynamo(), ChatConfig.DEFAULT_TABLE, System::currentTimeMillis);
      Socket ann = client(stack, "p-a", "Ann");
      Socket bob = client(stack, "p-b", "Bob");
      try {
        BlockingQueue<Object[]> annConnected = record(ann, "connected");
        ann.connect();
        assertThat(annConnected.poll(WAIT_S, TimeUnit.SECONDS)).as("ann's connected event").isNotNull();
        assertThat(chat.online(List.of("p-a"))).containsExactly("p-a");

        String lost = connectionOf(stack, "p-a");
        forgetInTheRuntime(stack, lost);
        ann.close(); // its $disconnect finds no rows: no disconnect listener runs
        assertThat(chat.online(List.of("p-a"))).as("the stale presence row, before anyone looks")
            .containsExactly("p-a");

        BlockingQueue<Object[]> bobConnected = record(bob, "connected");
        BlockingQueue<Object[]> offline = record(bob, "user_offline");
        bob.connect();
        Object[] connected = bobConnected.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(connected).as("bob's connected event").isNotNull();
        JsonNode payload = JSON.readTree(String.valueOf(connected[0]));
        assertThat(payload.path("online").toString()).isEqualTo("[\"p-b\"]");
        Object[] gone = offline.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(gone).as("user_offline for ann").isNotNull();
        assertThat(JSON.readTree(String.valueOf(gone[0])).path("userId").asText()).isEqualTo("p-a");
        assertThat(chat.online(List.of("p-a", "p-b"))).containsExactly("p-b");
      } finally {
        ann.close();
        bob.close();
      }
    }
  }

  private static Socket client(LocalStack stack, String user, String name) {
    String token = TokenMinter.hs256(ChatIT.SECRET.getBytes(StandardCharsets.UTF_8)).mint(user, List.of(),
        Map.of("name", name, "aud", "socketio-chat"), null, System.currentTimeMillis(), Duration.ofMinutes(10));
    return IO.socket(URI.create("http://127.0.0.1:" + stack.port() + "/"), IO.Options.builder()
        .setTransports(new String[] {WebSocket.NAME}).setReconnection(false).setForceNew(true)
        .setTimeout(WAIT_S * 1000).setAuth(Map.of("token", token)).build());
  }

  /** The connection id of the user's socket, from the socket row's data. */
  private static String connectionOf(LocalStack stack, String user) {
    return stack.dynamo().scan(b -> b.tableName(stack.table()).consistentRead(true)).items().stream()
        .filter(i -> i.get("sk").s().startsWith("S#") && i.containsKey("data")
            && i.get("data").s().contains("\"userId\":\"" + user + "\""))
        .map(i -> i.get("pk").s().substring(2)).findFirst().orElseThrow();
  }

  /** Removes every state row of the connection, as their expiry would. */
  private static void forgetInTheRuntime(LocalStack stack, String connectionId) {
    for (Map<String, AttributeValue> item : stack.dynamo().scan(b -> b.tableName(stack.table())
        .consistentRead(true)).items()) {
      if (item.get("pk").s().equals("C#" + connectionId) || item.get("sk").s().equals(connectionId)) {
        stack.dynamo().deleteItem(b -> b.tableName(stack.table()).key(Map.of("pk", item.get("pk"), "sk",
            item.get("sk"))));
      }
    }
  }

  private static BlockingQueue<Object[]> record(Socket s, String event) {
    BlockingQueue<Object[]> q = new LinkedBlockingQueue<>();
    s.on(event, q::add);
    return q;
  }
}
