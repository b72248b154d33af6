package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The parts of the public server API that need no engine: arguments, requests, namespaces, settings. */
class ServerApiTest {
  @Test
  void argsConvertPlainJavaValues() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("n", 1);
    map.put("list", List.of(true, "x", 2.5));
    map.put("nothing", null);

    List<JsonNode> args = Args.of("s", 7L, (short) 3, (byte) 4, 1.5f, BigInteger.TEN, new BigDecimal("0.1"), false,
        null, map, new Object[] {1, "two"}, new byte[] {1, 2}, Json.object().put("k", "v"));

    assertThat(Json.write(Json.array().addAll(args.subList(0, 11)))).isEqualTo(
        "[\"s\",7,3,4,1.5,10,0.1,false,null,{\"n\":1,\"list\":[true,\"x\",2.5],\"nothing\":null},[1,\"two\"]]");
    assertThat(args.get(11).isBinary()).isTrue();
    assertThat(args.get(11).binaryValue()).containsExactly(1, 2);
    assertThat(args.get(12).path("k").asText()).isEqualTo("v");
    assertThat(Args.of((Object[]) null)).isEmpty();
  }

  @Test
  void argsCopyByteArrays() throws Exception {
    byte[] bytes = {1};
    JsonNode node = Args.toNode(bytes);
    bytes[0] = 9;

    assertThat(node.binaryValue()).containsExactly(1);
  }

  @Test
  void argsRefuseOtherTypesWithAHint() {
    assertThatThrownBy(() -> Args.of(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot send a java.lang.Object as a Socket.IO argument")
        .hasMessageContaining("JsonNode");
  }

  @Test
  void ackRequestValidatesItsParts() {
    assertThatThrownBy(() -> AckRequest.event(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> AckRequest.event("e").timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be > 0");
    assertThatThrownBy(() -> AckRequest.event("e").timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);

    AckRequest r = AckRequest.event("e", 1).onReply(new AckHandle("/", "h")).context(Map.of("a", 1))
        .timeout(Duration.ofSeconds(2));

    assertThat(r.event()).isEqualTo("e");
    assertThat(r.handler()).isEqualTo("h");
    assertThat(Json.write(r.context())).isEqualTo("{\"a\":1}");
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void namespacesAreNormalisedAndReused() {
    SocketIoServer io = new SocketIoServer();

    assertThat(io.of("chat")).isSameAs(io.of("/chat"));
    assertThat(io.of("/chat").name()).isEqualTo("/chat");
    assertThat(io.resolve("/")).isSameAs(io.of("/"));
    assertThat(io.resolve("/unknown")).isNull();
  }

  @Test
  void patternNamespacesResolveMatchingNamesWithSharedListeners() {
    SocketIoServer io = new SocketIoServer();
    Namespace pattern = io.of(Pattern.compile("/room-\\d+"));
    pattern.on("x", (socket, args, ack) -> { });

    Namespace child = io.resolve("/room-12");

    assertThat(child).isNotNull();
    assertThat(child.name()).isEqualTo("/room-12");
    assertThat(child.handler("x")).isNotNull();
    assertThat(io.resolve("/room-12x")).isNull();
    assertThat(io.of("/room-7").name()).isEqualTo("/room-7");
    assertThatThrownBy(() -> pattern.emit("e")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("concrete namespace");
  }

  @Test
  void reservedEventNamesCannotBeHandled() {
    SocketIoServer io = new SocketIoServer();

    assertThatThrownBy(() -> io.on("disconnect", (socket, args, ack) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
  }

  @Test
  void broadcastBeforeTheEngineIsAttachedSaysSo() {
    SocketIoServer io = new SocketIoServer();

    assertThatThrownBy(() -> io.emit("e")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not attached");
  }

  @Test
  void engineConfigValidatesItsValues() {
    assertThat(EngineConfig.DEFAULT.pingInterval() + EngineConfig.DEFAULT.pingTimeout()).isLessThan(600_000);
    assertThatThrownBy(() -> EngineConfig.DEFAULT.withPing(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EngineConfig.DEFAULT.withMaxPayload(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EngineConfig.DEFAULT.withConnectTimeout(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout=0");
    assertThat(EngineConfig.DEFAULT.withRouteResponses(false).routeResponses()).isFalse();
  }

  @Test
  void handshakeLooksUpHeadersCaseInsensitivelyAndQueryByFirstValue() {
    Handshake hs = new Handshake(Map.of("x-token", "t"), Map.of("a", List.of("1", "2"), "e", List.of()),
        Json.object(), "ip", "time", 0);

    assertThat(hs.header("X-Token")).isEqualTo("t");
    assertThat(hs.query("a")).isEqualTo("1");
    assertThat(hs.query("e")).isNull();
    assertThat(hs.query("missing")).isNull();
  }
}
