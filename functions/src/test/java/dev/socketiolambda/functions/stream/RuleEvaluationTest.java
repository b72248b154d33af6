package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conditions, room templates and payloads of rules applied to records. */
class RuleEvaluationTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final List<String> log = new ArrayList<>();

  private static Rules rule(String fields) {
    return Rules.load("{\"rules\":[{\"name\":\"r\",\"table\":\"orders\",\"event\":\"e\"," + fields + "}]}");
  }

  private List<StreamBroadcast> apply(Rules rules, StreamEvents.Record record) {
    return rules.apply(record.parsed(), NOW, log::add).broadcasts();
  }

  private boolean matches(String fields, StreamEvents.Record record) {
    return !apply(rule("\"rooms\":[\"x\"]," + fields), record).isEmpty();
  }

  private static String payload(StreamBroadcast b) {
    return Json.write(b.args().get(0));
  }

  // ---- conditions ----

  @Test
  void onSelectsRecordTypesAndTableSelectsTheTable() {
    StreamEvents.Record insert = StreamEvents.insert("orders", "1").newImage("{\"orderId\":\"o1\"}");
    assertThat(matches("\"on\":[\"INSERT\"]", insert)).isTrue();
    assertThat(matches("\"on\":[\"MODIFY\",\"REMOVE\"]", insert)).isFalse();
    assertThat(matches("\"on\":[\"INSERT\"]", StreamEvents.insert("payments", "1").newImage("{}"))).isFalse();
  }

  @Test
  void changedHoldsWhenAnyListedAttributeDiffers() {
    String when = "\"when\":{\"changed\":[\"status\",\"deliveryBoyId\"]}";
    assertThat(matches(when, StreamEvents.modify("orders", "1")
        .change("{\"status\":\"placed\",\"n\":1}", "{\"status\":\"preparing\"}"))).isTrue();
    assertThat(matches(when, StreamEvents.modify("orders", "2")
        .change("{\"status\":\"placed\",\"n\":1}", "{\"deliveryBoyId\":\"d7\"}"))).isTrue();
    assertThat(matches(when, StreamEvents.modify("orders", "3")
        .change("{\"status\":\"placed\",\"n\":1}", "{\"n\":2}"))).isFalse();
    // same value written again: no change
    assertThat(matches(when, StreamEvents.modify("orders", "4")
        .change("{\"status\":\"placed\"}", "{\"status\":\"placed\"}"))).isFalse();
  }

  @Test
  void changedComparesNumbersByValueAndNestedPaths() {
    assertThat(matches("\"when\":{\"changed\":[\"total\"]}", StreamEvents.modify("orders", "1")
        .oldImage("{\"total\":1.50}").newImage("{\"total\":1.5}"))).isFalse();
    assertThat(matches("\"when\":{\"changed\":[\"total\"]}", StreamEvents.modify("orders", "1")
        .oldImage("{\"total\":1}").newImage("{\"total\":1.25}"))).isTrue();
    String nested = "\"when\":{\"changed\":[\"location.lat\"]}";
    assertThat(matches(nested, StreamEvents.modify("orders", "2")
        .oldImage("{\"location\":{\"lat\":1,\"lng\":2}}").newImage("{\"location\":{\"lat\":1,\"lng\":3}}"))).isFalse();
    assertThat(matches(nested, StreamEvents.modify("orders", "3")
        .oldImage("{\"location\":{\"lat\":1,\"lng\":2}}").newImage("{\"location\":{\"lat\":4,\"lng\":2}}"))).isTrue();
  }

  @Test
  void changedOnInsertAndRemoveComparesWithAnEmptyImage() {
    String when = "\"when\":{\"changed\":[\"status\"]}";
    assertThat(matches(when, StreamEvents.insert("orders", "1").newImage("{\"status\":\"placed\"}"))).isTrue();
    assertThat(matches(when, StreamEvents.insert("orders", "2").newImage("{\"other\":1}"))).isFalse();
    assertThat(matches(when, StreamEvents.remove("orders", "3").oldImage("{\"status\":\"placed\"}"))).isTrue();
  }

  @Test
  void changedWithoutOldImagesDoesNotMatchAndSaysWhy() {
    StreamEvents.Record newImageOnly = StreamEvents.modify("orders", "9").newImage("{\"status\":\"a\"}");
    assertThat(matches("\"when\":{\"changed\":[\"status\"]}", newImageOnly)).isFalse();
    assertThat(log).singleElement().asString()
        .contains("rule 'r': cannot evaluate 'changed' on MODIFY record 9 of table orders")
        .contains("does not carry old images; use NEW_AND_OLD_IMAGES");
  }

  @Test
  void equalsComparesJsonValuesOnTheItem() {
    StreamEvents.Record r = StreamEvents.modify("orders", "1").change(
        "{\"status\":\"placed\",\"total\":10,\"paid\":false,\"meta\":{\"src\":\"app\"}}",
        "{\"status\":\"cancelled\",\"total\":10.0,\"paid\":true}");
    assertThat(matches("\"when\":{\"equals\":{\"status\":\"cancelled\"}}", r)).isTrue();
    assertThat(matches("\"when\":{\"equals\":{\"status\":\"placed\"}}", r)).isFalse();
    assertThat(matches("\"when\":{\"equals\":{\"total\":10,\"paid\":true}}", r)).isTrue();
    assertThat(matches("\"when\":{\"equals\":{\"total\":\"10\"}}", r)).isFalse();
    assertThat(matches("\"when\":{\"equals\":{\"meta.src\":\"app\"}}", r)).isTrue();
    assertThat(matches("\"when\":{\"equals\":{\"meta\":{\"src\":\"app\"}}}", r)).isTrue();
    assertThat(matches("\"when\":{\"equals\":{\"missing\":null}}", r)).isFalse();
  }

  @Test
  void equalsOnRemoveLooksAtTheOldImage() {
    StreamEvents.Record r = StreamEvents.remove("orders", "1").oldImage("{\"status\":\"delivered\"}");
    assertThat(matches("\"when\":{\"equals\":{\"status\":\"delivered\"}}", r)).isTrue();
  }

  @Test
  void existsAndNotExists() {
    StreamEvents.Record r = StreamEvents.insert("orders", "1")
        .newImage("{\"orderId\":\"o1\",\"deliveryBoyId\":null,\"customer\":{\"id\":\"c\"}}");
    assertThat(matches("\"when\":{\"exists\":[\"orderId\",\"customer.id\"]}", r)).isTrue();
    assertThat(matches("\"when\":{\"exists\":[\"deliveryBoyId\"]}", r)).isTrue(); // NULL is present
    assertThat(matches("\"when\":{\"exists\":[\"orderId\",\"coupon\"]}", r)).isFalse();
    assertThat(matches("\"when\":{\"notExists\":[\"coupon\"]}", r)).isTrue();
    assertThat(matches("\"when\":{\"notExists\":[\"coupon\",\"orderId\"]}", r)).isFalse();
  }

  @Test
  void allConditionsMustHold() {
    String when = "\"when\":{\"changed\":[\"status\"],\"equals\":{\"status\":\"cancelled\"},\"exists\":[\"reason\"]}";
    assertThat(matches(when, StreamEvents.modify("orders", "1")
        .change("{\"status\":\"placed\"}", "{\"status\":\"cancelled\",\"reason\":\"late\"}"))).isTrue();
    assertThat(matches(when, StreamEvents.modify("orders", "2")
        .change("{\"status\":\"placed\"}", "{\"status\":\"cancelled\"}"))).isFalse();
    assertThat(matches(when, StreamEvents.modify("orders", "3")
        .change("{\"status\":\"cancelled\"}", "{\"reason\":\"late\"}"))).isFalse();
  }

  // ---- rooms ----

  @Test
  void roomsAreFilledFromTheItemAndUnresolvedOnesAreLeftOutAndLogged() {
    Rules rules = rule("\"rooms\":[\"user:${customerId}\",\"user:${deliveryBoyId}\",\"role:admin\"],"
        + "\"except\":[\"muted:${mutedBy}\",\"user:${customerId}-muted\"]");
    StreamBroadcast b = apply(rules, StreamEvents.insert("orders", "7").newImage("{\"customerId\":\"u1\"}")).get(0);
    assertThat(b.rooms()).containsExactly("user:u1", "role:admin");
    assertThat(b.except()).containsExactly("user:u1-muted");
    assertThat(log).containsExactly(
        "rule 'r': room 'user:${deliveryBoyId}' left out for record 7 of table orders: attribute 'deliveryBoyId' is "
            + "missing or not a string, number or boolean",
        "rule 'r': except room 'muted:${mutedBy}' left out for record 7 of table orders: attribute 'mutedBy' is "
            + "missing");
  }

  @Test
  void aRuleWhoseRoomsAllFailToResolveSendsNothingRatherThanToEveryone() {
    Rules rules = rule("\"rooms\":[\"user:${customerId}\"]");
    Rules.Applied applied = rules.apply(StreamEvents.insert("orders", "8").newImage("{\"other\":1}").parsed(), NOW,
        log::add);
    assertThat(applied.matchedRules()).isEqualTo(1);
    assertThat(applied.dropped()).isEqualTo(1);
    assertThat(applied.broadcasts()).isEmpty();
    assertThat(log).last().asString().isEqualTo("rule 'r': no room resolved for record 8 of table orders: nothing sent");
  }

  @Test
  void broadcastReachesTheWholeNamespace() {
    StreamBroadcast b = apply(rule("\"broadcast\":true,\"namespace\":\"/news\""),
        StreamEvents.insert("orders", "1").newImage("{\"a\":1}")).get(0);
    assertThat(b.rooms()).isEmpty();
    assertThat(b.namespace()).isEqualTo("/news");
  }

  // ---- payloads ----

  @Test
  void payloadIsTheWholeItemByDefault() {
    StreamBroadcast b = apply(rule("\"rooms\":[\"x\"]"),
        StreamEvents.insert("orders", "1").eventId("E1").newImage("{\"orderId\":\"o1\",\"total\":2.5}")).get(0);
    assertThat(payload(b)).isEqualTo("{\"orderId\":\"o1\",\"total\":2.5}");
    assertThat(b.eventId()).isEqualTo("E1/r");
    assertThat(b.event()).isEqualTo("e");
    assertThat(b.volatileEmit()).isFalse();
  }

  @Test
  void projectionKeepsListedAttributesInOrderAndNesting() {
    StreamBroadcast b = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"attributes\":[\"status\",\"orderId\","
        + "\"customer.name\",\"missing\",\"customer.address.city\"]}"), StreamEvents.insert("orders", "1").newImage(
        "{\"orderId\":\"o1\",\"status\":\"placed\",\"secret\":\"x\","
            + "\"customer\":{\"name\":\"Ada\",\"email\":\"a@x\",\"address\":{\"city\":\"Lyon\",\"zip\":\"69001\"}}}"))
        .get(0);
    assertThat(payload(b)).isEqualTo(
        "{\"status\":\"placed\",\"orderId\":\"o1\",\"customer\":{\"name\":\"Ada\",\"address\":{\"city\":\"Lyon\"}}}");
  }

  @Test
  void renameAppliesAfterTheProjection() {
    StreamBroadcast b = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"attributes\":[\"orderId\",\"status\"],"
        + "\"rename\":{\"status\":\"newStatus\",\"orderId\":\"id\"}}"),
        StreamEvents.insert("orders", "1").newImage("{\"orderId\":\"o1\",\"status\":\"placed\"}")).get(0);
    assertThat(payload(b)).isEqualTo("{\"id\":\"o1\",\"newStatus\":\"placed\"}");

    StreamBroadcast whole = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"rename\":{\"status\":\"state\"}}"),
        StreamEvents.insert("orders", "1").newImage("{\"orderId\":\"o1\",\"status\":\"placed\"}")).get(0);
    assertThat(payload(whole)).isEqualTo("{\"orderId\":\"o1\",\"state\":\"placed\"}");
  }

  @Test
  void envelopeWrapsTypeIdDataAndAnIsoTimestampFromTheRecord() {
    StreamBroadcast b = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"attributes\":[\"orderId\"],"
        + "\"envelope\":{\"type\":\"order.status\",\"includeId\":true}}"),
        StreamEvents.modify("orders", "5").eventId("E5").created(1_700_000_000L)
            .change("{\"orderId\":\"o1\"}", "{\"status\":\"x\"}")).get(0);
    assertThat(payload(b)).isEqualTo("{\"type\":\"order.status\",\"id\":\"E5/r\",\"data\":{\"orderId\":\"o1\"},"
        + "\"timestamp\":\"2023-11-14T22:13:20.000Z\"}");
  }

  @Test
  void envelopeDefaultsToTheEventNameWithIdAndNowWithoutACreationTime() {
    StreamBroadcast b = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"envelope\":true}"),
        StreamEvents.insert("orders", "5").eventId("E5").created(null).newImage("{\"a\":1}")).get(0);
    assertThat(payload(b)).isEqualTo("{\"type\":\"e\",\"id\":\"E5/r\",\"data\":{\"a\":1},"
        + "\"timestamp\":\"2030-01-01T00:00:00.000Z\"}");
    StreamBroadcast noId = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"envelope\":{\"includeId\":false}}"),
        StreamEvents.insert("orders", "5").newImage("{\"a\":1}")).get(0);
    assertThat(payload(noId)).isEqualTo("{\"type\":\"e\",\"data\":{\"a\":1},\"timestamp\":\"2023-11-14T22:13:20.000Z\"}");
    StreamBroadcast plain = apply(rule("\"rooms\":[\"x\"],\"payload\":{\"envelope\":false}"),
        StreamEvents.insert("orders", "5").newImage("{\"a\":1}")).get(0);
    assertThat(payload(plain)).isEqualTo("{\"a\":1}");
  }

  @Test
  void removePayloadsComeFromTheOldImage() {
    StreamBroadcast b = apply(rule("\"on\":[\"REMOVE\"],\"rooms\":[\"user:${customerId}\"]"),
        StreamEvents.remove("orders", "3").oldImage("{\"orderId\":\"o1\",\"customerId\":\"u9\"}")).get(0);
    assertThat(b.rooms()).containsExactly("user:u9");
    assertThat(payload(b)).isEqualTo("{\"orderId\":\"o1\",\"customerId\":\"u9\"}");
  }

  @Test
  void volatileRulesMakeVolatileBroadcasts() {
    StreamBroadcast b = apply(rule("\"rooms\":[\"x\"],\"volatile\":true"),
        StreamEvents.insert("orders", "1").newImage("{}")).get(0);
    assertThat(b.volatileEmit()).isTrue();
  }
}
