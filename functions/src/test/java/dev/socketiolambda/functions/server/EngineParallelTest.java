package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.QUIET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Frames of one connection handled by overlapping invocations, as API Gateway may run them: the
 * second invocation here starts and finishes inside the first one's listener.
 */
class EngineParallelTest {

  @Test
  void socketDataChangesOfOverlappingInvocationsAreBothKept() {
    AtomicBoolean nested = new AtomicBoolean();
    EngineHarness[] h = new EngineHarness[1];
    h[0] = new EngineHarness(io -> {
      io.on("set", (socket, args, ack) -> {
        String key = args.get(0).asText();
        socket.data().put(key, args.get(1).asInt());
        if (key.equals("a") && nested.compareAndSet(false, true)) {
          // another frame of this connection is handled while this listener still runs
          h[0].send("c1", "42[\"set\",\"b\",2]");
        }
      });
      io.on("remove", (socket, args, ack) -> socket.data().remove(args.get(0).asText()));
    }, QUIET);
    h[0].connect("c1");

    h[0].send("c1", "42[\"set\",\"a\",1]");

    ObjectNode data = (ObjectNode) Json.parse(h[0].memory.getSocket("c1", "/").orElseThrow().dataJson());
    assertThat(data.path("a").asInt()).isEqualTo(1);
    assertThat(data.path("b").asInt()).as("the overlapping invocation's change").isEqualTo(2);
  }

  @Test
  void aRemovedKeyStaysRemovedWhenAnotherInvocationSavedMeanwhile() {
    AtomicBoolean nested = new AtomicBoolean();
    EngineHarness[] h = new EngineHarness[1];
    h[0] = new EngineHarness(io -> {
      io.onConnection(socket -> socket.data().put("x", 1));
      io.on("remove", (socket, args, ack) -> {
        socket.data().remove("x");
        if (nested.compareAndSet(false, true)) {
          h[0].send("c1", "42[\"set\",\"y\",2]");
        }
      });
      io.on("set", (socket, args, ack) -> socket.data().put(args.get(0).asText(), args.get(1).asInt()));
    }, QUIET);
    h[0].connect("c1");

    h[0].send("c1", "42[\"remove\"]");

    ObjectNode data = (ObjectNode) Json.parse(h[0].memory.getSocket("c1", "/").orElseThrow().dataJson());
    assertThat(data.has("x")).isFalse();
    assertThat(data.path("y").asInt()).isEqualTo(2);
  }
}
