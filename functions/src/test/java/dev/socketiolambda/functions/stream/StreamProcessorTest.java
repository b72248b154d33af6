package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.SocketIoLambdaException;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.protocol.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamProcessorTest {
  private static final String ORDER = "{\"orderId\":\"o1\",\"customerId\":\"u42\",\"status\":\"placed\"}";

  private final RecordingBroadcaster broadcaster = new RecordingBroadcaster();
  private final List<String> log = new ArrayList<>();
  private final Rules orders = Rules.fromClasspath("stream/orders-rules.json");

  private StreamProcessor processor(Rules rules, StreamHook hook) {
    return new StreamProcessor(rules, hook, broadcaster.emitter(), log::add,
        Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private StreamResponse process(StreamEvents.Record... records) {
    return processor(orders, null).process(StreamEvents.event(records));
  }

  private static StreamEvents.Record statusChange(String seq, String status) {
    return StreamEvents.modify("orders", seq).keys("{\"orderId\":\"o1\"}").change(ORDER, "{\"status\":\"" + status
        + "\",\"updatedAt\":\"2024-06-01T12:00:00.000Z\"}");
  }

  @Test
  void sendsTheConfiguredBroadcastWithFramesRoomsAndEventId() {
    StreamResponse r = process(statusChange("100", "preparing").eventId("E100"));

    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(r.toJson()).isEqualTo("{\"batchItemFailures\":[]}");
    BroadcastRequest req = broadcaster.requests.get(0);
    assertThat(req.namespace()).isEqualTo("/orders");
    assertThat(req.rooms()).containsExactlyInAnyOrder("user:u42", "order:o1", "role:admin");
    assertThat(req.except()).isEmpty();
    assertThat(req.excludedConnection()).isNull();
    assertThat(req.volatileEmit()).isFalse();
    assertThat(req.eventId()).isEqualTo("E100/order-status");
    assertThat(req.frames()).containsExactly("42/orders,[\"order:status:update\",{\"type\":\"order.status\","
        + "\"id\":\"E100/order-status\",\"data\":{\"orderId\":\"o1\",\"newStatus\":\"preparing\","
        + "\"updatedAt\":\"2024-06-01T12:00:00.000Z\"},\"timestamp\":\"2023-11-14T22:13:20.000Z\"}]");
    assertThat(r.records()).isEqualTo(1);
    assertThat(r.processed()).isEqualTo(1);
    assertThat(r.broadcasts()).isEqualTo(1);
    // user:${deliveryBoyId} did not resolve: left out and logged
    assertThat(log).anyMatch(l -> l.contains("room 'user:${deliveryBoyId}' left out for record 100"));
  }

  @Test
  void skipsRecordsNoRuleMatchesCountsAndLogsThem() {
    StreamResponse r = process(
        StreamEvents.insert("customers", "1").newImage("{\"id\":\"c1\"}"),
        StreamEvents.modify("orders", "2").change(ORDER, "{\"note\":\"ring twice\"}"),
        statusChange("3", "preparing"));

    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.processed()).isEqualTo(1);
    assertThat(r.broadcasts()).isEqualTo(1);
    assertThat(broadcaster.requests).hasSize(1);
    assertThat(log).contains("skipped record 1 (customers INSERT): no rule matched",
        "skipped record 2 (orders MODIFY): no rule matched");
  }

  @Test
  void stopsAtTheFirstFailedRecordAndReportsItsSequenceNumber() {
    broadcaster.answer = req -> req.eventId().startsWith("ev-2/") ? new BroadcastResult(3, 2, 1, 0, 1)
        : new BroadcastResult(3, 3, 0, 0, 1);
    StreamResponse r = process(statusChange("1", "preparing"), statusChange("2", "ready"),
        statusChange("3", "out_for_delivery"));

    assertThat(r.batchItemFailures()).containsExactly("2");
    assertThat(r.toJson()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"2\"}]}");
    assertThat(r.processed()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.notAttempted()).isEqualTo(1);
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId)
        .containsExactly("ev-1/order-status", "ev-2/order-status");
    assertThat(r.undelivered()).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.startsWith("record 2 (orders MODIFY) failed: broadcast 'order-status' "
        + "(order:status:update) could not reach 1 of 3 recipient(s); reported in batchItemFailures, 1 later "
        + "record(s) left for the retry"));
  }

  @Test
  void anEmitThatThrowsFailsTheRecord() {
    broadcaster.answer = req -> {
      throw new IllegalArgumentException("frame of 40000 bytes exceeds the management API limit");
    };
    StreamResponse r = process(statusChange("7", "preparing"), statusChange("8", "ready"));
    assertThat(r.batchItemFailures()).containsExactly("7");
    assertThat(r.notAttempted()).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.startsWith("record 7 (orders MODIFY) at broadcast 'order-status' failed: "
        + "java.lang.IllegalArgumentException: frame of 40000 bytes"));
  }

  @Test
  void goneRecipientsAreNotFailures() {
    broadcaster.answer = req -> new BroadcastResult(3, 1, 0, 2, 1);
    StreamResponse r = process(statusChange("1", "preparing"));
    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(r.gone()).isEqualTo(2);
    assertThat(r.recipients()).isEqualTo(3);
    assertThat(r.delivered()).isEqualTo(1);
  }

  @Test
  void volatileBroadcastsNeverFailTheRecord() {
    Rules rules = Rules.load("{\"rules\":[{\"name\":\"loc\",\"table\":\"orders\",\"event\":\"delivery:location:update\","
        + "\"rooms\":[\"order:${orderId}\"],\"volatile\":true}]}");
    broadcaster.answer = req -> new BroadcastResult(2, 0, 2, 0, 1);
    StreamResponse r = processor(rules, null).process(StreamEvents.event(statusChange("1", "x")));
    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(r.undelivered()).isEqualTo(2);
    assertThat(broadcaster.requests.get(0).volatileEmit()).isTrue();
  }

  @Test
  void severalMatchingRulesMakeSeveralBroadcastsInFileOrder() {
    StreamResponse r = process(StreamEvents.modify("orders", "5").eventId("E5").change(
        "{\"orderId\":\"o1\",\"customerId\":\"u42\",\"orderNumber\":1001,\"status\":\"placed\"}",
        "{\"status\":\"cancelled\",\"cancelReason\":\"restaurant closed\"}"));
    assertThat(r.broadcasts()).isEqualTo(2);
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId)
        .containsExactly("E5/order-status", "E5/order-cancelled");
    BroadcastRequest cancelled = broadcaster.requests.get(1);
    assertThat(cancelled.rooms()).containsExactlyInAnyOrder("user:u42", "order:o1", "role:admin", "role:delivery");
    assertThat(cancelled.frames()).containsExactly(
        "42/orders,[\"order:cancelled\",{\"orderId\":\"o1\",\"orderNumber\":1001,\"reason\":\"restaurant closed\"}]");
  }

  @Test
  void aFailureAfterAnEarlierBroadcastOfTheSameRecordReplaysBothWithTheSameIds() {
    StreamEvents.Record cancel = StreamEvents.modify("orders", "5").eventId("E5").change(ORDER,
        "{\"status\":\"cancelled\"}");
    broadcaster.answer = req -> req.eventId().endsWith("order-cancelled") ? new BroadcastResult(1, 0, 1, 0, 1)
        : new BroadcastResult(1, 1, 0, 0, 1);
    StreamResponse first = process(cancel);
    assertThat(first.batchItemFailures()).containsExactly("5");
    assertThat(first.broadcasts()).isEqualTo(2);
    assertThat(first.processed()).isZero();

    broadcaster.answer = req -> new BroadcastResult(1, 1, 0, 0, 1);
    StreamResponse retry = process(cancel);
    assertThat(retry.batchItemFailures()).isEmpty();
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId)
        .containsExactly("E5/order-status", "E5/order-cancelled", "E5/order-status", "E5/order-cancelled");
    assertThat(broadcaster.requests.get(0).frames()).isEqualTo(broadcaster.requests.get(2).frames());
  }

  @Test
  void removeRecordsUseTheOldImage() {
    Rules rules = Rules.load("{\"rules\":[{\"name\":\"gone\",\"table\":\"orders\",\"on\":[\"REMOVE\"],"
        + "\"namespace\":\"/orders\",\"event\":\"order:deleted\",\"rooms\":[\"user:${customerId}\"],"
        + "\"payload\":{\"attributes\":[\"orderId\"]}}]}");
    processor(rules, null).process(StreamEvents.event(
        StreamEvents.remove("orders", "9").keys("{\"orderId\":\"o1\"}").oldImage(ORDER)));
    assertThat(broadcaster.requests.get(0).rooms()).containsExactly("user:u42");
    assertThat(broadcaster.frames()).containsExactly("42/orders,[\"order:deleted\",{\"orderId\":\"o1\"}]");
  }

  @Test
  void aMatchingRuleWithoutResolvableRoomsCountsAsProcessedNotSkipped() {
    StreamResponse r = process(StreamEvents.insert("payments", "1").newImage(
        "{\"paymentId\":\"p1\",\"status\":\"completed\"}"));
    // role:admin still resolves; user:${customerId} does not
    assertThat(broadcaster.requests.get(0).rooms()).containsExactly("role:admin");
    assertThat(r.processed()).isEqualTo(1);

    Rules onlyUser = Rules.load("{\"rules\":[{\"name\":\"u\",\"table\":\"payments\",\"event\":\"e\","
        + "\"rooms\":[\"user:${customerId}\"]}]}");
    StreamResponse none = processor(onlyUser, null).process(StreamEvents.event(
        StreamEvents.insert("payments", "2").newImage("{\"paymentId\":\"p2\"}")));
    assertThat(none.processed()).isEqualTo(1);
    assertThat(none.skipped()).isZero();
    assertThat(none.dropped()).isEqualTo(1);
    assertThat(none.broadcasts()).isZero();
    assertThat(broadcaster.requests).hasSize(1);
  }

  // ---- hooks ----

  @Test
  void hookBroadcastsFollowTheRulesOnesWithDerivedEventIds() {
    StreamHook hook = record -> "orders".equals(record.tableName())
        ? List.of(StreamBroadcast.to("audit", "/admin", "audit:order", List.of("auditors"),
            Map.of("seq", record.sequenceNumber())),
            StreamBroadcast.to("everyone", "/", "tick", List.of()).withEventId("custom-id"))
        : List.of();
    StreamResponse r = processor(orders, hook).process(StreamEvents.event(statusChange("11", "preparing")
        .eventId("E11")));
    assertThat(r.broadcasts()).isEqualTo(3);
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId)
        .containsExactly("E11/order-status", "E11/audit", "custom-id");
    assertThat(broadcaster.requests.get(1).frames()).containsExactly("42/admin,[\"audit:order\",{\"seq\":\"11\"}]");
    assertThat(broadcaster.requests.get(2).rooms()).isEmpty(); // the whole namespace
    assertThat(broadcaster.requests.get(2).frames()).containsExactly("42[\"tick\"]");
  }

  @Test
  void aRecordOnlyTheHookHandlesIsProcessedAndOneItIgnoresIsSkipped() {
    StreamHook hook = record -> record.newImage() != null && record.newImage().path("stock").asInt(99) < 10
        ? List.of(StreamBroadcast.to("low-stock", "/store", "stock:low",
            List.of("seller:" + record.newImage().path("sellerId").asText()), record.newImage()))
        : List.of();
    StreamResponse r = processor(Rules.none(), hook).process(StreamEvents.event(
        StreamEvents.modify("products", "1").change("{\"productId\":\"p1\",\"sellerId\":\"s1\",\"stock\":12}",
            "{\"stock\":11}"),
        StreamEvents.modify("products", "2").change("{\"productId\":\"p1\",\"sellerId\":\"s1\",\"stock\":11}",
            "{\"stock\":9}")));
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.processed()).isEqualTo(1);
    assertThat(broadcaster.frames()).containsExactly(
        "42/store,[\"stock:low\",{\"productId\":\"p1\",\"sellerId\":\"s1\",\"stock\":9}]");
    assertThat(log).contains("skipped record 1 (products MODIFY): no rule matched and the hook sent nothing");
  }

  @Test
  void aHookThatThrowsFailsTheRecord() {
    StreamHook hook = record -> {
      throw new IllegalStateException("lookup failed");
    };
    StreamResponse r = processor(orders, hook).process(StreamEvents.event(statusChange("1", "preparing"),
        statusChange("2", "ready")));
    assertThat(r.batchItemFailures()).containsExactly("1");
    assertThat(broadcaster.requests).isEmpty(); // the hook runs before anything is sent
  }

  // ---- malformed input ----

  @Test
  void aMalformedRecordFailsAtItsSequenceNumber() {
    ObjectNode bad = StreamEvents.modify("orders", "2").node();
    ((ObjectNode) bad.get("dynamodb")).set("NewImage", Json.parse("{\"status\":{\"S\":1}}"));
    String event = "{\"Records\":[" + Json.write(statusChange("1", "preparing").node()) + "," + Json.write(bad) + ","
        + Json.write(statusChange("3", "ready").node()) + "]}";
    StreamResponse r = processor(orders, null).process(event);
    assertThat(r.batchItemFailures()).containsExactly("2");
    assertThat(r.processed()).isEqualTo(1);
    assertThat(r.notAttempted()).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.startsWith("record 2 is malformed: stream record 2: attribute 'status': S must "
        + "hold a string, was 1"));
  }

  @Test
  void aMalformedRecordWithoutSequenceNumberFailsTheWholeBatch() {
    ObjectNode bad = StreamEvents.modify("orders", "2").node();
    ((ObjectNode) bad.get("dynamodb")).remove("SequenceNumber");
    String event = "{\"Records\":[" + Json.write(bad) + "]}";
    assertThatThrownBy(() -> processor(orders, null).process(event)).isInstanceOf(StreamEventException.class)
        .hasMessageStartingWith("record #1 of the batch is malformed and has no SequenceNumber to report");
  }

  @Test
  void anEventWithoutRecordsIsRejected() {
    assertThatThrownBy(() -> processor(orders, null).process("{\"records\":[]}"))
        .isInstanceOf(StreamEventException.class)
        .hasMessage("a DynamoDB Streams event is an object with a 'Records' array");
    assertThatThrownBy(() -> processor(orders, null).process("{\"Records\":["))
        .isInstanceOf(StreamEventException.class).hasMessageStartingWith("the stream event is not JSON");
  }

  @Test
  void anEmptyBatchSucceeds() {
    StreamResponse r = processor(orders, null).process("{\"Records\":[]}");
    assertThat(r.toJson()).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(r.records()).isZero();
  }

  @Test
  void processesRecordsAlreadyRead() {
    StreamResponse r = processor(orders, null).processRecords(List.of(statusChange("1", "ready").parsed()));
    assertThat(r.processed()).isEqualTo(1);
    assertThat(broadcaster.requests).hasSize(1);
  }

  @Test
  void summaryHasTheCounters() {
    StreamResponse r = process(statusChange("1", "ready"));
    assertThat(Json.parse(r.summary()).get("processed").intValue()).isEqualTo(1);
    assertThat(r.summary()).startsWith("{\"records\":1,\"processed\":1,\"skipped\":0,\"failed\":0,"
        + "\"notAttempted\":0,\"broadcasts\":1,\"dropped\":0,\"recipients\":1,\"delivered\":1,\"undelivered\":0,"
        + "\"gone\":0,\"durationMs\":");
  }

  // ---- environment ----

  /** A hook class for {@code SOCKETIO_STREAM_HOOK}. */
  public static final class NothingHook implements StreamHook {
    @Override
    public List<StreamBroadcast> map(StreamRecord record) {
      return List.of();
    }
  }

  @Test
  void buildsFromEnvironmentVariables() {
    StreamProcessor p = StreamProcessor.fromEnvironment(Map.of(
        StreamProcessor.RULES_ENV, "classpath:stream/orders-rules.json",
        StreamProcessor.HOOK_ENV, NothingHook.class.getName()), broadcaster.emitter());
    assertThat(p.rules().rules()).hasSize(5);
    assertThat(p.process(StreamEvents.event(statusChange("1", "ready"))).processed()).isEqualTo(1);

    StreamProcessor hookOnly = StreamProcessor.fromEnvironment(Map.of(StreamProcessor.HOOK_ENV,
        NothingHook.class.getName()), broadcaster.emitter());
    assertThat(hookOnly.rules().rules()).isEmpty();

    assertThatThrownBy(() -> StreamProcessor.fromEnvironment(Map.of(), broadcaster.emitter()))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("needs SOCKETIO_STREAM_RULES");
    assertThatThrownBy(() -> StreamProcessor.fromEnvironment(Map.of(StreamProcessor.RULES_ENV,
        "classpath:stream/nope.json"), () -> {
          throw new AssertionError("the emitter is built after the rules load");
        }))
        .isInstanceOf(RuleException.class).hasMessageContaining("no such rule file");
  }

  @Test
  void loadsHooksByClassNameWithClearErrors() {
    assertThat(StreamHook.load(NothingHook.class.getName())).isInstanceOf(NothingHook.class);
    assertThatThrownBy(() -> StreamHook.load("com.example.Missing")).isInstanceOf(SocketIoLambdaException.class)
        .hasMessage("stream hook class 'com.example.Missing' not found");
    assertThatThrownBy(() -> StreamHook.load(String.class.getName())).isInstanceOf(SocketIoLambdaException.class)
        .hasMessage("stream hook class 'java.lang.String' does not implement " + StreamHook.class.getName());
  }
}
