package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.observability.EmfLines;
import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.fanout.Shard;
import dev.socketiolambda.functions.fanout.ShardCodec;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class FanOutHandlerTest {
  private final RecordingGateway gateway = new RecordingGateway();
  private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final FanOut fanOut = new FanOut(new InMemoryStateStore(),
      new GatewayTransport(id -> gateway, Executors.newFixedThreadPool(4)), FanOutSettings.DEFAULT, null,
      id -> { }, e -> errors.add(e.toString()));

  private String handle(String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FanOutHandler(fanOut).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
        null);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String sqsEvent(String... bodies) {
    var records = Json.array();
    for (int i = 0; i < bodies.length; i++) {
      records.add(Json.object().put("messageId", "m" + i).put("receiptHandle", "r" + i).put("body", bodies[i])
          .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:fanout"));
    }
    return Json.write(Json.object().set("Records", records));
  }

  @Test
  void deliversEveryShardOfTheEventInOrderPerConnection() throws Exception {
    String body = ShardCodec.write(new Shard(List.of("A", "B"), List.of("451-[\"x\",{\"_placeholder\":true,\"num\":0}]",
        "bAQID"), false, "evt-1"));

    String response = handle(sqsEvent(body));

    assertThat(response).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(gateway.frames("A")).containsExactly("451-[\"x\",{\"_placeholder\":true,\"num\":0}]", "bAQID");
    assertThat(gateway.frames("B")).containsExactly("451-[\"x\",{\"_placeholder\":true,\"num\":0}]", "bAQID");
  }

  @Test
  void aMalformedShardIsReportedForRedeliveryAndTheOthersAreDelivered() throws Exception {
    String good = ShardCodec.write(new Shard(List.of("A"), List.of("42[\"ok\"]"), false, null));

    String response = handle(sqsEvent("{\"not\":\"a shard\"}", good));

    assertThat(response).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
    assertThat(gateway.frames("A")).containsExactly("42[\"ok\"]");
  }

  @Test
  void shardsRoundTripThroughTheirMessageBody() {
    Shard shard = new Shard(List.of("c1=", "c2="), List.of("42[\"é\",1]"), true, "orders:1/rule");

    assertThat(ShardCodec.read(ShardCodec.write(shard))).isEqualTo(shard);
    assertThat(ShardCodec.read(ShardCodec.write(new Shard(List.of(), List.of("2"), false, null))).eventId()).isNull();
  }

  @Test
  void writesOneInvocationLineWithItsShardsAndFailuresAndNoFrames() throws Exception {
    EmfLines emf = new EmfLines();
    String good = ShardCodec.write(new Shard(List.of("A"), List.of("42[\"secret-payload\"]"), false, null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FanOutHandler(fanOut, emf.log()).handleRequest(new ByteArrayInputStream(sqsEvent("{\"not\":\"a shard\"}",
        good).getBytes(StandardCharsets.UTF_8)), out, null);

    JsonNode line = emf.single();
    assertThat(line.path("Function").asText()).isEqualTo("fanout");
    assertThat(line.path("outcome").asText()).isEqualTo("ok");
    assertThat(line.path("Shards").asLong()).isEqualTo(2);
    assertThat(line.path("BatchItemFailures").asLong()).isEqualTo(1);
    assertThat(line.path("FramesOut").asLong()).isEqualTo(1);
    assertThat(emf.lines.get(0)).doesNotContain("secret-payload").doesNotContain("\"A\"");
  }
}
