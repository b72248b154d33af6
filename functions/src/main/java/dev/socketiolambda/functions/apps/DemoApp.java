package dev.socketiolambda.functions.apps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.delivery.MessageTooLargeException;
import dev.socketiolambda.functions.server.AckHandle;
import dev.socketiolambda.functions.server.AckRequest;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small application that uses every part of the server API; the end-to-end tests drive it with
 * real clients. The conformance behaviour in {@code /}, plus:
 * <ul>
 *   <li>{@code /secure}: CONNECT needs {@code auth.token == "secret"} (else connect_error "unauthorized" with data)</li>
 *   <li>{@code /dyn-<n>}: dynamic namespaces</li>
 *   <li>{@code join}/{@code leave} a room, {@code to-room} (excludes sender), {@code to-all}, {@code to-room-except}</li>
 *   <li>{@code ask}: the server asks the client with an ack; the answer comes back as {@code answered}</li>
 *   <li>{@code ask-room}: the server asks every socket of a room (read by this invocation) with an ack,
 *       each answer back to its socket as {@code answered}; acks how many it asked</li>
 *   <li>{@code remember}/{@code recall}: {@code socket.data}</li>
 *   <li>{@code who}: fetchSockets of a room; {@code kick}: disconnectSockets; {@code bye}: socket.disconnect()</li>
 *   <li>{@code fail}: a handler error answered through the ack</li>
 *   <li>{@code bytes}: the server emits {@code n} bytes (0, 1, 2, ...) as a binary attachment</li>
 *   <li>{@code reply-size}: acks with a string of {@code n} characters; over API Gateway's 128 KB the
 *       client gets an ack error instead</li>
 *   <li>{@code emit-size}: emits {@code sized} with {@code n} characters and acks {@code "sent"}; over
 *       128 KB the app catches the refusal, emits {@code too-large} and acks {@code "refused"}</li>
 * </ul>
 */
public final class DemoApp implements SocketIoApp {
  @Override
  public void configure(SocketIoServer io) {
    Namespace main = io.of("/");
    main.onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
    main.on("message", (socket, args, ack) -> socket.emit("message-back", args.toArray()));
    main.on("message-with-ack", (socket, args, ack) -> ack.send(args.toArray()));
    rooms(main);

    Namespace secure = io.of("/secure");
    secure.use(socket -> {
      JsonNode token = socket.handshake().auth().path("token");
      if (!"secret".equals(token.asText(null))) {
        throw new ConnectError("unauthorized", Json.object().put("reason", "bad token"));
      }
      socket.data().put("user", socket.handshake().auth().path("user").asText("anonymous"));
    });
    secure.onConnection(socket -> socket.emit("welcome", socket.data().path("user").asText()));
    rooms(secure);

    Namespace dynamic = io.of(Pattern.compile("/dyn-\\d+"));
    dynamic.onConnection(socket -> socket.emit("hello", socket.namespace()));
    dynamic.on("message", (socket, args, ack) -> socket.emit("message-back", args.toArray()));
  }

  private static void rooms(Namespace ns) {
    ns.on("join", (socket, args, ack) -> {
      socket.join(text(args, 0));
      ack.send(List.copyOf(socket.rooms()));
    });
    ns.on("leave", (socket, args, ack) -> {
      socket.leave(text(args, 0));
      ack.send(List.copyOf(socket.rooms()));
    });
    ns.on("to-room", (socket, args, ack) -> {
      socket.to(text(args, 0)).emit("room-message", args.size() > 1 ? args.get(1) : null);
      ack.send("sent");
    });
    ns.on("to-room-except", (socket, args, ack) -> {
      socket.nsp().to(text(args, 0)).except(text(args, 1)).emit("room-message", args.size() > 2 ? args.get(2) : null);
      ack.send("sent");
    });
    ns.on("to-all", (socket, args, ack) -> {
      socket.nsp().emit("all-message", args.isEmpty() ? null : args.get(0));
      ack.send("sent");
    });
    AckHandle answer = ns.onAckReply("answer", (socket, reply) -> {
      if (reply.timedOut()) {
        socket.emit("answered", Json.object().put("timedOut", true));
      } else {
        socket.emit("answered", Json.object().put("timedOut", false)
            .<com.fasterxml.jackson.databind.node.ObjectNode>set("args", Json.array().addAll(reply.args()))
            .set("context", reply.context()));
      }
    });
    ns.on("ask", (socket, args, ack) -> socket.emitWithAck(AckRequest.event("question", args.toArray())
        .onReply(answer).context(Json.object().put("asked", socket.id())).timeout(Duration.ofSeconds(5))));
    ns.on("ask-room", (socket, args, ack) -> {
      int asked = 0;
      for (Socket s : socket.nsp().in(text(args, 0)).fetchSockets()) {
        s.emitWithAck(AckRequest.event("question", args.subList(1, args.size()).toArray()).onReply(answer)
            .context(Json.object().put("asked", s.id())).timeout(Duration.ofSeconds(30)));
        asked++;
      }
      ack.send(asked);
    });
    ns.on("remember", (socket, args, ack) -> {
      socket.data().set("remembered", args.isEmpty() ? Json.nodes().nullNode() : args.get(0));
      ack.send("ok");
    });
    ns.on("recall", (socket, args, ack) -> ack.send(socket.data().path("remembered")));
    ns.on("who", (socket, args, ack) -> {
      var ids = Json.array();
      for (Socket s : socket.nsp().in(text(args, 0)).fetchSockets()) {
        ids.add(s.id());
      }
      ack.send(ids);
    });
    ns.on("kick", (socket, args, ack) -> {
      ack.send("kicking");
      socket.nsp().in(text(args, 0)).disconnectSockets(false);
    });
    ns.on("bye", (socket, args, ack) -> socket.disconnect());
    ns.on("bytes", (socket, args, ack) -> {
      int n = args.isEmpty() ? 4 : args.get(0).asInt(4);
      byte[] bytes = new byte[Math.max(0, Math.min(n, 16_384))];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      socket.emit("bytes", bytes, Json.object().put("length", bytes.length));
    });
    ns.on("reply-size", (socket, args, ack) -> ack.send("x".repeat(size(args))));
    ns.on("emit-size", (socket, args, ack) -> {
      try {
        socket.emit("sized", "x".repeat(size(args)));
        ack.send("sent");
      } catch (MessageTooLargeException e) {
        socket.emit("too-large", Json.object().put("message", e.getMessage()).put("limit", e.limit()));
        ack.send("refused");
      }
    });
    ns.on("fail", (socket, args, ack) -> {
      throw new EventError("refused", Json.object().put("code", "E_DEMO"));
    });
  }

  private static int size(List<JsonNode> args) {
    return Math.max(0, Math.min(args.isEmpty() ? 0 : args.get(0).asInt(0), 1_000_000));
  }

  private static String text(List<JsonNode> args, int i) {
    if (args.size() <= i || !args.get(i).isTextual()) {
      throw new EventError("argument " + i + " must be a string");
    }
    return args.get(i).textValue();
  }
}
