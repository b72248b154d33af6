package dev.socketiolambda.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.stream.Rules;
import dev.socketiolambda.functions.stream.StreamProcessor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** The bundle's rules.json turns domain writes into the seed's events: names, payloads, rooms. */
class OrdersRulesTest {
  private final List<BroadcastRequest> sent = new ArrayList<>();
  private final Broadcaster recorder = new Broadcaster() {
    @Override
    public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> sink) {
      sent.add(request);
      return new BroadcastResult(1, 1, 0, 0, 1);
    }
  };
  private final StreamProcessor processor = new StreamProcessor(Rules.fromLocation(OrdersBundle.RULES), null,
      new Emitter(recorder, new InMemoryStateStore()), line -> {}, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  private static final String ORDER = "{\"pk\":{\"S\":\"ORDER#o1\"},\"kind\":{\"S\":\"order\"},\"orderId\":{\"S\":\"o1\"},"
      + "\"orderNumber\":{\"S\":\"ORD-1\"},\"customerId\":{\"S\":\"c1\"},\"customerName\":{\"S\":\"Carla\"},"
      + "\"items\":{\"L\":[{\"M\":{\"product\":{\"S\":\"cola\"},\"quantity\":{\"N\":\"2\"}}}]},"
      + "\"totalAmount\":{\"N\":\"4.40\"},\"deliveryAddress\":{\"S\":\"1 Main St\"},"
      + "\"status\":{\"S\":\"%s\"},\"statusMessage\":{\"S\":\"%s\"}%s}";

  private static String order(String status, String extra) {
    return String.format(ORDER, status, "msg " + status, extra);
  }

  private void process(String name, String oldImage, String newImage) {
    String images = (oldImage == null ? "" : "\"OldImage\":" + oldImage + ",") + "\"NewImage\":" + newImage;
    processor.process("{\"Records\":[{\"eventID\":\"e1\",\"eventName\":\"" + name + "\",\"eventSource\":\"aws:dynamodb\","
        + "\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"x\"}}," + images + ",\"SequenceNumber\":\"1\","
        + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},"
        + "\"eventSourceARN\":\"arn:aws:dynamodb:eu-west-1:1:table/socketio-orders/stream/2024\"}]}");
  }

  @Test
  void placedOrderIsOrderNewToAdminsAndAgents() {
    process("INSERT", null, order("pending", ""));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).rooms()).containsExactlyInAnyOrder("role:admin", "role:delivery");
    assertThat(sent.get(0).frames()).containsExactly("42[\"order:new\",{\"orderId\":\"o1\",\"customerName\":\"Carla\","
        + "\"items\":[{\"product\":\"cola\",\"quantity\":2}],\"totalAmount\":4.4}]");
  }

  @Test
  void statusChangeIsOrderStatusUpdateToCustomerAgentAndOrderRoomAndChangedToAdmins() {
    String agent = ",\"deliveryBoyId\":{\"S\":\"d1\"}";
    process("MODIFY", order("ready", agent), order("out_for_delivery", agent));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).rooms()).containsExactlyInAnyOrder("user:c1", "user:d1", "order:o1");
    assertThat(sent.get(0).except()).containsExactly("role:admin");
    assertThat(sent.get(0).frames()).containsExactly("42[\"order:status:update\",{\"orderId\":\"o1\","
        + "\"status\":\"out_for_delivery\",\"message\":\"msg out_for_delivery\"}]");
    assertThat(sent.get(1).rooms()).containsExactly("role:admin");
    assertThat(sent.get(1).frames()).containsExactly("42[\"order:status:changed\",{\"orderId\":\"o1\","
        + "\"status\":\"out_for_delivery\",\"message\":\"msg out_for_delivery\"}]");
  }

  @Test
  void cancellationAlsoSendsOrderCancelledWithTheReason() {
    process("MODIFY", order("pending", ""), order("cancelled", ",\"cancelReason\":{\"S\":\"changed my mind\"}"));
    assertThat(sent).extracting(r -> r.frames().get(0).substring(0, 30)).hasSize(3);
    BroadcastRequest cancelled = sent.get(2);
    assertThat(cancelled.rooms()).containsExactlyInAnyOrder("user:c1", "order:o1", "role:admin", "role:delivery");
    assertThat(cancelled.frames()).containsExactly("42[\"order:cancelled\",{\"orderId\":\"o1\",\"orderNumber\":"
        + "\"ORD-1\",\"reason\":\"changed my mind\"}]");
  }

  @Test
  void assignmentIsOrderAssignedToTheAgentOnly() {
    process("MODIFY", order("confirmed", ""), order("confirmed", ",\"deliveryBoyId\":{\"S\":\"d1\"}"));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).rooms()).containsExactly("user:d1");
    assertThat(sent.get(0).frames()).containsExactly("42[\"order:assigned\",{\"orderId\":\"o1\",\"orderNumber\":"
        + "\"ORD-1\",\"customerName\":\"Carla\",\"deliveryAddress\":\"1 Main St\",\"totalAmount\":4.4,"
        + "\"status\":\"confirmed\"}]");
  }

  @Test
  void businessToggleReachesEveryone() {
    String b = "{\"pk\":{\"S\":\"BUSINESS#main\"},\"kind\":{\"S\":\"business\"},\"businessName\":{\"S\":\"P\"},"
        + "\"isOpen\":{\"BOOL\":%s},\"message\":{\"S\":\"m\"}}";
    process("MODIFY", String.format(b, "true"), String.format(b, "false"));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).rooms()).isEmpty();
    assertThat(sent.get(0).frames()).containsExactly(
        "42[\"business:status:update\",{\"isOpen\":false,\"businessName\":\"P\",\"message\":\"m\"}]");
  }

  @Test
  void agentStatusGoesToAdminsWithANullCurrentOrder() {
    String a = "{\"pk\":{\"S\":\"AGENT#d1\"},\"kind\":{\"S\":\"agent\"},\"deliveryBoyId\":{\"S\":\"d1\"},"
        + "\"status\":{\"S\":\"%s\"},\"currentOrder\":%s}";
    process("MODIFY", String.format(a, "busy", "{\"S\":\"o1\"}"), String.format(a, "available", "{\"NULL\":true}"));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).rooms()).containsExactlyInAnyOrder("role:admin", "delivery:d1");
    assertThat(sent.get(0).frames()).containsExactly(
        "42[\"delivery:status:update\",{\"deliveryBoyId\":\"d1\",\"status\":\"available\",\"currentOrder\":null}]");
  }

  @Test
  void paymentNotificationAndOfferInserts() {
    process("INSERT", null, "{\"pk\":{\"S\":\"PAYMENT#o1\"},\"kind\":{\"S\":\"payment\"},\"orderId\":{\"S\":\"o1\"},"
        + "\"customerId\":{\"S\":\"c1\"},\"amount\":{\"N\":\"4.40\"},\"paymentMethod\":{\"S\":\"card\"},"
        + "\"status\":{\"S\":\"completed\"}}");
    process("INSERT", null, "{\"pk\":{\"S\":\"NOTIFICATION#n\"},\"kind\":{\"S\":\"notification\"},"
        + "\"userId\":{\"S\":\"c1\"},\"title\":{\"S\":\"Hi\"},\"message\":{\"S\":\"Hello\"},\"type\":{\"S\":\"info\"}}");
    process("INSERT", null, "{\"pk\":{\"S\":\"OFFER#X\"},\"kind\":{\"S\":\"offer\"},\"code\":{\"S\":\"PIZZA10\"},"
        + "\"description\":{\"S\":\"10 off\"},\"discountValue\":{\"N\":\"10\"}}");
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).rooms()).containsExactlyInAnyOrder("role:admin", "user:c1");
    assertThat(sent.get(0).frames()).containsExactly(
        "42[\"payment:received\",{\"orderId\":\"o1\",\"amount\":4.4,\"paymentMethod\":\"card\"}]");
    assertThat(sent.get(1).rooms()).containsExactly("user:c1");
    assertThat(sent.get(1).frames()).containsExactly(
        "42[\"notification:new\",{\"title\":\"Hi\",\"message\":\"Hello\",\"type\":\"info\"}]");
    assertThat(sent.get(2).rooms()).containsExactly("role:customer");
    assertThat(sent.get(2).frames()).containsExactly(
        "42[\"offer:new\",{\"code\":\"PIZZA10\",\"description\":\"10 off\",\"discountValue\":10}]");
  }
}
