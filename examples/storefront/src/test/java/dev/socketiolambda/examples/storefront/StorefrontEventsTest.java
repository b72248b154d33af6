package dev.socketiolambda.examples.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.StreamBroadcast;
import dev.socketiolambda.functions.stream.StreamRecord;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StorefrontEventsTest {
  private final StorefrontEvents hook = new StorefrontEvents();

  private static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text);
  }

  private static StreamRecord record(String table, EventName name, ObjectNode oldImage, ObjectNode newImage) {
    return new StreamRecord("e1", name, table, "100", Instant.parse("2025-10-20T12:00:00Z"), null, newImage,
        oldImage, null, "NEW_AND_OLD_IMAGES", false);
  }

  private static ObjectNode product(long stock, String price) {
    return json("{\"productId\":\"p1\",\"sellerId\":\"s1\",\"name\":\"Mug\",\"price\":" + price + ",\"stock\":" + stock
        + ",\"lowStockThreshold\":10,\"status\":\"active\",\"updatedAt\":\"2025-10-20T12:00:01.250Z\",\"updatedBy\":\"s1\"}");
  }

  private List<StreamBroadcast> map(String table, EventName name, ObjectNode oldImage, ObjectNode newImage) {
    return hook.map(record(table, name, oldImage, newImage));
  }

  private static Map<String, List<String>> rooms(List<StreamBroadcast> out) {
    return out.stream().collect(Collectors.toMap(b -> b.event() + "#" + b.name(), b -> List.copyOf(b.rooms())));
  }

  @Test
  void aNewProductReachesItsSellerAndStorefrontVisitorsInTheSeedsEnvelope() {
    List<StreamBroadcast> out = map(StorefrontTables.PRODUCTS, EventName.INSERT, null, product(20, "12.5"));
    assertThat(out).hasSize(1);
    StreamBroadcast b = out.get(0);
    assertThat(b.event()).isEqualTo("product:created");
    assertThat(b.namespace()).isEqualTo("/");
    assertThat(b.rooms()).containsExactly("seller:s1", "storefront:s1");
    ObjectNode e = (ObjectNode) b.args().get(0);
    assertThat(e.path("type").asText()).isEqualTo("product:created");
    assertThat(e.path("timestamp").asText()).isEqualTo("2025-10-20T12:00:01.250Z");
    assertThat(e.path("userId").asText()).isEqualTo("s1");
    assertThat(e.path("data").path("price").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(e.path("data").has("updatedBy")).isFalse();
  }

  @Test
  void stockFallingUnderTenAlertsTheSellerOnceAndTellsViewersAndCartUsers() {
    List<StreamBroadcast> out = map(StorefrontTables.PRODUCTS, EventName.MODIFY, product(12, "5"), product(4, "5"));
    assertThat(out).extracting(StreamBroadcast::event).containsExactly("product:stock_changed", "product:low_stock",
        "stock:low", "analytics:inventory_alert");
    assertThat(out.get(0).rooms()).containsExactly("product:p1", "cart:p1");
    assertThat(out.get(1).rooms()).containsExactly("seller:s1");
    assertThat(out.get(2).rooms()).containsExactly("seller:s1");
    // already low: a further decrease is a stock change only
    assertThat(map(StorefrontTables.PRODUCTS, EventName.MODIFY, product(4, "5"), product(3, "5")))
        .extracting(StreamBroadcast::event).containsExactly("product:stock_changed");
  }

  @Test
  void stockReachingZeroIsOutOfStockAndComingBackReachesTheRestockWatchers() {
    assertThat(map(StorefrontTables.PRODUCTS, EventName.MODIFY, product(3, "5"), product(0, "5")))
        .extracting(StreamBroadcast::event).containsExactly("product:stock_changed", "stock:out",
            "analytics:inventory_alert");
    List<StreamBroadcast> back = map(StorefrontTables.PRODUCTS, EventName.MODIFY, product(0, "5"), product(15, "5"));
    assertThat(back).extracting(StreamBroadcast::event).containsExactly("product:stock_changed", "stock:restocked");
    assertThat(back.get(1).rooms()).containsExactly("restock:p1");
  }

  @Test
  void aPriceChangeCarriesTheOldPriceAndTheSamePriceWrittenAgainIsNoChange() {
    List<StreamBroadcast> out = map(StorefrontTables.PRODUCTS, EventName.MODIFY, product(5, "12.5"), product(5, "9.99"));
    assertThat(out).extracting(StreamBroadcast::event).containsExactly("product:price_changed");
    ObjectNode data = (ObjectNode) out.get(0).args().get(0).get("data");
    assertThat(data.path("previousPrice").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(map(StorefrontTables.PRODUCTS, EventName.MODIFY, product(5, "12.5"), product(5, "12.50"))).isEmpty();
  }

  @Test
  void eventsTheWriterEmittedDirectlyAreLeftOutOfTheStreamAndAreAllTheDirectPathSends() {
    ObjectNode after = product(4, "5");
    after.putArray("directEvents").add("product:stock_changed");
    StreamRecord r = record(StorefrontTables.PRODUCTS, EventName.MODIFY, product(12, "5"), after);
    assertThat(hook.map(r)).extracting(StreamBroadcast::event).containsExactly("product:low_stock", "stock:low",
        "analytics:inventory_alert");
    List<StreamBroadcast> direct = StorefrontEvents.direct(r);
    assertThat(direct).extracting(StreamBroadcast::event).containsExactly("product:stock_changed");
    assertThat(direct.get(0).args().get(0).path("data").has("directEvents")).isFalse();
  }

  @Test
  void aDeletedProductReachesTheSellerAndCartUsers() {
    List<StreamBroadcast> out = map(StorefrontTables.PRODUCTS, EventName.REMOVE, product(5, "1"), null);
    assertThat(out).extracting(StreamBroadcast::event).containsExactly("product:deleted");
    assertThat(out.get(0).rooms()).containsExactly("seller:s1", "cart:p1");
  }

  @Test
  void orderStatusAndPaymentMakeTheirAnalytics() {
    ObjectNode placed = json("{\"orderId\":\"o1\",\"buyerId\":\"b1\",\"sellerId\":\"s1\",\"total\":25,"
        + "\"items\":[{\"productId\":\"p1\"}],\"status\":\"shipped\",\"paymentStatus\":\"unpaid\"}");
    ObjectNode completed = placed.deepCopy().put("status", "completed");
    assertThat(rooms(map(StorefrontTables.ORDERS, EventName.MODIFY, placed, completed))).containsOnly(
        Map.entry("order:updated#order-updated-0", List.of("user:b1", "seller:s1")),
        Map.entry("analytics:sale_completed#analytics-sale_completed-1", List.of("seller:s1")));
    ObjectNode paid = placed.deepCopy().put("paymentStatus", "paid");
    assertThat(map(StorefrontTables.ORDERS, EventName.MODIFY, placed, paid)).extracting(StreamBroadcast::event)
        .containsExactly("order:updated", "analytics:revenue_updated");
  }

  @Test
  void quotationStatusesReachTheirSide() {
    ObjectNode q = json("{\"quotationId\":\"q1\",\"sellerId\":\"s1\",\"buyerId\":\"b1\",\"status\":\"draft\"}");
    assertThat(map(StorefrontTables.QUOTATIONS, EventName.MODIFY, q, q.deepCopy().put("status", "sent")).get(0).rooms())
        .containsExactly("user:b1");
    assertThat(map(StorefrontTables.QUOTATIONS, EventName.MODIFY, q.deepCopy().put("status", "sent"),
        q.deepCopy().put("status", "expired")).get(0).rooms()).containsExactly("seller:s1", "user:b1");
    // a draft's changes stay with the seller
    assertThat(map(StorefrontTables.QUOTATIONS, EventName.MODIFY, q, q.deepCopy().put("notes", "x")).get(0).rooms())
        .containsExactly("seller:s1");
  }

  @Test
  void systemNotificationsGoToEveryoneAndOthersToTheirUser() {
    ObjectNode sys = json("{\"userId\":\"system\",\"notificationId\":\"n1\",\"category\":\"system\"}");
    StreamBroadcast b = map(StorefrontTables.NOTIFICATIONS, EventName.INSERT, null, sys).get(0);
    assertThat(b.event()).isEqualTo("notification:system");
    assertThat(b.rooms()).isEmpty();
    ObjectNode mine = json("{\"userId\":\"b1\",\"notificationId\":\"n2\",\"category\":\"payment\",\"read\":false}");
    assertThat(map(StorefrontTables.NOTIFICATIONS, EventName.INSERT, null, mine).get(0).event())
        .isEqualTo("notification:payment");
    assertThat(map(StorefrontTables.NOTIFICATIONS, EventName.MODIFY, mine, mine.deepCopy().put("read", true)).get(0)
        .event()).isEqualTo("notification:read");
  }

  @Test
  void anItemWithoutItsOwnerReachesNobody() {
    ObjectNode orphan = json("{\"userId\":\"b1\",\"productId\":\"p1\",\"quantity\":1}").deepCopy();
    orphan.remove("userId");
    assertThat(map(StorefrontTables.CARTS, EventName.INSERT, null, orphan)).isEmpty();
    assertThat(map("other-table", EventName.INSERT, null, orphan)).isEmpty();
  }
}
