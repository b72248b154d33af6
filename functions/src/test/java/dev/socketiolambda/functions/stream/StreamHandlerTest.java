package dev.socketiolambda.functions.stream;

import dev.socketiolambda.functions.observability.EmfLines;
import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamHandlerTest {
  private final RecordingBroadcaster broadcaster = new RecordingBroadcaster();
  private final List<String> log = new ArrayList<>();
  private final StreamHandler handler = new StreamHandler(new StreamProcessor(
      Rules.fromClasspath("stream/orders-rules.json"), null, broadcaster.emitter(), log::add,
      java.time.Clock.systemUTC()), log::add);

  private String invoke(String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void handlesTheAwsShapedFixture() throws IOException {
    String response = invoke(StreamEvents.resource("stream/orders-event.json"));

    assertThat(response).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId).containsExactly(
        "c81e728d9d4c2f636f067f89cc14862c/order-new",
        "eccbc87e4b5ce2fe28308fd9f2a7baf3/order-status");
    assertThat(broadcaster.requests.get(0).rooms()).containsExactlyInAnyOrder("role:admin", "role:delivery");
    assertThat(broadcaster.requests.get(0).frames()).containsExactly("42/orders,[\"order:new\",{\"orderId\":"
        + "\"ord-1001\",\"customerName\":\"Ada Lovelace\",\"items\":[{\"sku\":\"pizza-margherita\",\"qty\":2,"
        + "\"price\":9.75},{\"sku\":\"lemonade\",\"qty\":1,\"price\":5}],\"totalAmount\":24.5}]");
    assertThat(broadcaster.requests.get(1).rooms())
        .containsExactlyInAnyOrder("user:u-42", "order:ord-1001", "user:d-7", "role:admin");
    assertThat(broadcaster.requests.get(1).frames()).containsExactly("42/orders,[\"order:status:update\","
        + "{\"type\":\"order.status\",\"id\":\"eccbc87e4b5ce2fe28308fd9f2a7baf3/order-status\",\"data\":"
        + "{\"orderId\":\"ord-1001\",\"newStatus\":\"out_for_delivery\",\"updatedAt\":\"2024-06-01T12:01:00.000Z\"},"
        + "\"timestamp\":\"2024-06-01T12:01:00.000Z\"}]");
    // the TTL delete matches no rule: skipped, not retried
    assertThat(log).contains("skipped record 4421584700000000017450439201 (orders REMOVE): no rule matched");
    assertThat(log).anyMatch(l -> l.startsWith("batch {\"records\":3,\"processed\":2,\"skipped\":1,\"failed\":0"));
  }

  @Test
  void reportsTheFailedRecordsSequenceNumber() throws IOException {
    broadcaster.answer = req -> req.eventId().endsWith("order-status") ? new BroadcastResult(4, 3, 1, 0, 5)
        : new BroadcastResult(2, 2, 0, 0, 5);
    String response = invoke(StreamEvents.resource("stream/orders-event.json"));
    assertThat(response)
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"4421584600000000017450439163\"}]}");
  }

  @Test
  void throwsOnAnUnreadableEventSoLambdaRetriesTheBatch() {
    assertThatThrownBy(() -> invoke("not json")).isInstanceOf(StreamEventException.class);
    assertThatThrownBy(() -> invoke("{\"Records\":{}}")).isInstanceOf(StreamEventException.class);
    assertThat(broadcaster.requests).isEmpty();
  }

  @Test
  void writesOneInvocationLineWithItsRecordsAndFailuresAndNoRecordContent() throws IOException {
    EmfLines emf = new EmfLines();
    broadcaster.answer = req -> req.eventId().endsWith("order-status") ? new BroadcastResult(4, 3, 1, 0, 5)
        : new BroadcastResult(2, 2, 0, 0, 5);
    StreamHandler logged = new StreamHandler(new StreamProcessor(Rules.fromClasspath("stream/orders-rules.json"), null,
        broadcaster.emitter(), log::add, java.time.Clock.systemUTC()), log::add, emf.log());
    logged.handleRequest(new ByteArrayInputStream(StreamEvents.resource("stream/orders-event.json")
        .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);

    JsonNode line = emf.single();
    assertThat(line.path("Function").asText()).isEqualTo("stream");
    assertThat(line.path("StreamRecords").asLong()).isEqualTo(3);
    assertThat(line.path("BatchItemFailures").asLong()).isEqualTo(1);
    assertThat(emf.lines.get(0)).doesNotContain("Ada Lovelace").doesNotContain("ord-1001");
  }

  @Test
  void anUnreadableBatchIsAnErrorLine() {
    EmfLines emf = new EmfLines();
    StreamHandler logged = new StreamHandler(new StreamProcessor(Rules.fromClasspath("stream/orders-rules.json"), null,
        broadcaster.emitter(), log::add, java.time.Clock.systemUTC()), log::add, emf.log());
    assertThatThrownBy(() -> logged.handleRequest(new ByteArrayInputStream("{not json SECRET".getBytes(
        StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null)).isNotNull();

    JsonNode line = emf.single();
    assertThat(line.path("outcome").asText()).isEqualTo("error");
    assertThat(emf.lines.get(0)).doesNotContain("SECRET");
  }
}
