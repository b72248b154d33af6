package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamRecordTest {
  private final JsonNode fixture = Json.parse(StreamEvents.resource("stream/orders-event.json"));

  @Test
  void parsesAnInsertOfTheAwsEventShape() {
    StreamRecord r = StreamRecord.parse(fixture.get("Records").get(0));
    assertThat(r.eventId()).isEqualTo("c81e728d9d4c2f636f067f89cc14862c");
    assertThat(r.eventName()).isEqualTo(EventName.INSERT);
    assertThat(r.tableName()).isEqualTo("orders");
    assertThat(r.sequenceNumber()).isEqualTo("4421584500000000017450439091");
    assertThat(r.approximateCreationDateTime()).isEqualTo(Instant.parse("2024-06-01T12:00:00Z"));
    assertThat(Json.write(r.keys())).isEqualTo("{\"orderId\":\"ord-1001\"}");
    assertThat(r.oldImage()).isNull();
    assertThat(r.streamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(r.eventSourceArn()).startsWith("arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/");
    assertThat(r.ttlDelete()).isFalse();
    ObjectNode image = r.newImage();
    assertThat(image.get("orderNumber").longValue()).isEqualTo(1001);
    assertThat(Json.write(image.get("totalAmount"))).isEqualTo("24.5");
    assertThat(Json.write(image.get("items")))
        .isEqualTo("[{\"sku\":\"pizza-margherita\",\"qty\":2,\"price\":9.75},{\"sku\":\"lemonade\",\"qty\":1,\"price\":5}]");
    assertThat(Json.write(image.get("tags"))).isEqualTo("[\"lunch\",\"first-order\"]");
    assertThat(image.get("notes").isNull()).isTrue();
    assertThat(image.get("contactless").booleanValue()).isTrue();
    assertThat(r.item()).isSameAs(image);
  }

  @Test
  void readsFractionalCreationTimesAndBothImages() {
    StreamRecord r = StreamRecord.parse(fixture.get("Records").get(1));
    assertThat(r.eventName()).isEqualTo(EventName.MODIFY);
    assertThat(r.approximateCreationDateTime()).isEqualTo(Instant.parse("2024-06-01T12:01:00Z"));
    assertThat(r.oldImage().get("status").textValue()).isEqualTo("placed");
    assertThat(r.newImage().get("status").textValue()).isEqualTo("out_for_delivery");
    assertThat(r.item()).isSameAs(r.newImage());
  }

  @Test
  void removeUsesTheOldImageAndSeesTtlDeletes() {
    StreamRecord r = StreamRecord.parse(fixture.get("Records").get(2));
    assertThat(r.eventName()).isEqualTo(EventName.REMOVE);
    assertThat(r.newImage()).isNull();
    assertThat(r.item()).isSameAs(r.oldImage());
    assertThat(r.item().get("customerId").textValue()).isEqualTo("u-41");
    assertThat(r.ttlDelete()).isTrue();
  }

  @Test
  void keysOnlyStreamsUseTheKeysAsTheItem() {
    ObjectNode raw = StreamEvents.insert("orders", "1").keys("{\"orderId\":\"o1\"}").node();
    ((ObjectNode) raw.get("dynamodb")).put("StreamViewType", "KEYS_ONLY");
    StreamRecord r = StreamRecord.parse(raw);
    assertThat(Json.write(r.item())).isEqualTo("{\"orderId\":\"o1\"}");
  }

  @Test
  void eventKeyIsTheEventIdOrTableAndSequenceNumber() {
    assertThat(StreamEvents.insert("orders", "77").eventId("abc").parsed().eventKey()).isEqualTo("abc");
    assertThat(StreamEvents.insert("orders", "77").eventId(null).parsed().eventKey()).isEqualTo("orders:77");
    assertThat(StreamEvents.insert("orders", "77").eventId("abc").parsed().broadcastId("order-new"))
        .isEqualTo("abc/order-new");
  }

  @Test
  void missingCreationTimeIsNull() {
    assertThat(StreamEvents.insert("orders", "1").created(null).parsed().approximateCreationDateTime()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2015-06-27T00:48:05.899 | orders",
      "arn:aws:dynamodb:ddblocal:000000000000:table/support.queries-v2/stream/2024-01-01T00:00:00.000 | support.queries-v2",
      "arn:aws:dynamodb:us-east-1:123456789012:table/orders | orders",
      "arn:aws:kinesis:us-east-1:123456789012:stream/orders | ",
  })
  void readsTheTableNameFromTheStreamArn(String arn, String table) {
    assertThat(StreamRecord.tableNameFromArn(arn)).isEqualTo(table);
  }

  @Test
  void rejectsRecordsWithoutTheDocumentedFields() {
    ObjectNode noSeq = StreamEvents.insert("orders", "1").node();
    ((ObjectNode) noSeq.get("dynamodb")).remove("SequenceNumber");
    assertThatThrownBy(() -> StreamRecord.parse(noSeq)).isInstanceOf(StreamEventException.class)
        .hasMessage("stream record has no 'dynamodb.SequenceNumber'");

    ObjectNode badName = StreamEvents.insert("orders", "5").node().put("eventName", "UPDATE");
    assertThatThrownBy(() -> StreamRecord.parse(badName)).isInstanceOf(StreamEventException.class)
        .hasMessage("stream record 5: eventName must be INSERT, MODIFY or REMOVE, was 'UPDATE'");

    ObjectNode badImage = StreamEvents.insert("orders", "6").node();
    ((ObjectNode) badImage.get("dynamodb")).set("NewImage", Json.parse("{\"a\":{\"Z\":\"1\"}}"));
    assertThatThrownBy(() -> StreamRecord.parse(badImage)).isInstanceOf(StreamEventException.class)
        .hasMessageStartingWith("stream record 6: attribute 'a': unknown DynamoDB type 'Z'");

    assertThatThrownBy(() -> StreamRecord.parse(Json.parse("{\"eventName\":\"INSERT\"}")))
        .isInstanceOf(StreamEventException.class).hasMessage("stream record has no 'dynamodb' object");
  }
}
