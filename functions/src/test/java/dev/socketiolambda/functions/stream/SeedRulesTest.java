package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.fanout.BroadcastRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example rule files of docs/stream-rules.md (from the seeds) make the broadcasts the seeds' controllers made. */
class SeedRulesTest {
  private final RecordingBroadcaster broadcaster = new RecordingBroadcaster();
  private final List<String> log = new ArrayList<>();

  private StreamResponse run(String rules, StreamEvents.Record... records) {
    return new StreamProcessor(Rules.fromClasspath("stream/" + rules), null, broadcaster.emitter(), log::add,
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).process(StreamEvents.event(records));
  }

  private BroadcastRequest only() {
    assertThat(broadcaster.requests).hasSize(1);
    return broadcaster.requests.get(0);
  }

  // ---- orders (seed 001) ----

  @Test
  void businessStatusGoesToEveryClientOfTheNamespace() {
    run("orders-rules.json", StreamEvents.modify("businesses", "1")
        .change("{\"businessId\":\"b1\",\"businessName\":\"Pizza Roma\",\"isOpen\":true}",
            "{\"isOpen\":false,\"message\":\"Closed for today\"}"));
    BroadcastRequest r = only();
    assertThat(r.rooms()).isEmpty();
    assertThat(r.frames()).containsExactly("42/orders,[\"business:status:update\",{\"isOpen\":false,"
        + "\"businessName\":\"Pizza Roma\",\"message\":\"Closed for today\"}]");
  }

  @Test
  void paymentReceivedWhenAPaymentCompletes() {
    run("orders-rules.json",
        StreamEvents.insert("payments", "1").newImage("{\"paymentId\":\"p1\",\"orderId\":\"o1\",\"customerId\":\"u1\","
            + "\"amount\":24.5,\"paymentMethod\":\"card\",\"status\":\"pending\"}"),
        StreamEvents.modify("payments", "2").change("{\"paymentId\":\"p1\",\"orderId\":\"o1\",\"customerId\":\"u1\","
            + "\"amount\":24.5,\"paymentMethod\":\"card\",\"status\":\"pending\"}", "{\"status\":\"completed\"}"));
    BroadcastRequest r = only();
    assertThat(r.rooms()).containsExactlyInAnyOrder("role:admin", "user:u1");
    assertThat(r.frames()).containsExactly(
        "42/orders,[\"payment:received\",{\"orderId\":\"o1\",\"amount\":24.5,\"paymentMethod\":\"card\"}]");
  }

  // ---- support queries (seed 000) ----

  @Test
  void newSupportQueryAndQueryMarkedAsRead() {
    String query = "{\"vendorId\":\"v7\",\"queryId\":\"q1\",\"subject\":\"Invoice missing\",\"isRead\":false}";
    StreamResponse resp = run("support-rules.json",
        StreamEvents.insert("supportQueries", "1").eventId("A").newImage(query),
        StreamEvents.modify("supportQueries", "2").eventId("B").change(query,
            "{\"isRead\":true,\"readBy\":\"agent-3\",\"readAt\":\"2024-06-01T12:00:00.000Z\"}"),
        // marking as unread again is not queryMarkedAsRead
        StreamEvents.modify("supportQueries", "3").change(query.replace("false", "true"), "{\"isRead\":false}"));
    assertThat(resp.skipped()).isEqualTo(1);
    assertThat(broadcaster.requests).hasSize(2);

    BroadcastRequest created = broadcaster.requests.get(0);
    assertThat(created.namespace()).isEqualTo("/support");
    assertThat(created.rooms()).containsExactlyInAnyOrder("role:support", "vendor:v7");
    assertThat(created.frames()).containsExactly("42/support,[\"newSupportQuery\",{\"type\":\"supportQuery.created\","
        + "\"id\":\"A/new-support-query\",\"data\":{\"vendorId\":\"v7\",\"queryId\":\"q1\",\"subject\":"
        + "\"Invoice missing\",\"isRead\":false},\"timestamp\":\"2023-11-14T22:13:20.000Z\"}]");

    BroadcastRequest read = broadcaster.requests.get(1);
    assertThat(read.rooms()).containsExactlyInAnyOrder("supportQuery:q1", "vendor:v7");
    assertThat(read.except()).containsExactly("user:agent-3");
    assertThat(read.frames()).containsExactly("42/support,[\"queryMarkedAsRead\",{\"queryId\":\"q1\",\"vendorId\":"
        + "\"v7\",\"readBy\":\"agent-3\",\"readAt\":\"2024-06-01T12:00:00.000Z\"}]");
  }

  // ---- storefront (seed 004) ----

  @Test
  void stockChangesReachViewersAndSellers() {
    String product = "{\"productId\":\"p1\",\"sellerId\":\"s1\",\"name\":\"Mug\",\"stock\":3,\"price\":12.5}";
    run("storefront-rules.json", StreamEvents.modify("products", "1").eventId("S1").change(product,
        "{\"stock\":0}"));
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId)
        .containsExactly("S1/stock-changed", "S1/stock-out");
    assertThat(broadcaster.requests.get(0).rooms()).containsExactly("product:p1");
    assertThat(broadcaster.requests.get(0).frames()).containsExactly("42/store,[\"product:stock_changed\","
        + "{\"type\":\"product.stock\",\"data\":{\"productId\":\"p1\",\"stock\":0,\"sellerId\":\"s1\"},"
        + "\"timestamp\":\"2023-11-14T22:13:20.000Z\"}]");
    assertThat(broadcaster.requests.get(1).rooms()).containsExactlyInAnyOrder("seller:s1", "product:p1");
    assertThat(broadcaster.requests.get(1).frames())
        .containsExactly("42/store,[\"stock:out\",{\"productId\":\"p1\",\"name\":\"Mug\"}]");
  }

  @Test
  void productLifecycle() {
    String product = "{\"productId\":\"p1\",\"sellerId\":\"s1\",\"name\":\"Mug\",\"stock\":3,\"price\":12.5}";
    run("storefront-rules.json",
        StreamEvents.insert("products", "1").newImage(product),
        StreamEvents.modify("products", "2").change(product, "{\"price\":9.99}"),
        StreamEvents.remove("products", "3").oldImage(product));
    assertThat(broadcaster.requests).extracting(BroadcastRequest::eventId)
        .containsExactly("ev-1/product-created", "ev-2/price-changed", "ev-3/product-deleted");
    assertThat(broadcaster.requests.get(0).rooms()).containsExactlyInAnyOrder("seller:s1", "storefront:s1");
    assertThat(broadcaster.requests.get(0).frames()).containsExactly("42/store,[\"product:created\"," + product + "]");
    assertThat(broadcaster.requests.get(1).frames())
        .containsExactly("42/store,[\"product:price_changed\",{\"productId\":\"p1\",\"price\":9.99}]");
    assertThat(broadcaster.requests.get(2).rooms()).containsExactlyInAnyOrder("seller:s1", "product:p1");
  }

  // ---- service queues (seed 003) ----

  @Test
  void ticketsReachTheServiceQueueTheDashboardTheUserAndTheCounter() {
    String ticket = "{\"ticketId\":\"t1\",\"ticketNumber\":\"A-017\",\"serviceType\":\"billing\",\"userId\":\"u5\","
        + "\"status\":\"waiting\"}";
    run("tickets-rules.json",
        StreamEvents.insert("tickets", "1").eventId("T1").newImage(ticket),
        StreamEvents.modify("tickets", "2").change(ticket,
            "{\"status\":\"serving\",\"counter\":{\"id\":\"c3\",\"name\":\"Counter 3\"}}"),
        StreamEvents.modify("tickets", "3").change(ticket, "{\"status\":\"completed\"}"));
    assertThat(broadcaster.requests).hasSize(3);
    BroadcastRequest created = broadcaster.requests.get(0);
    assertThat(created.namespace()).isEqualTo("/");
    assertThat(created.rooms()).containsExactlyInAnyOrder("service-billing", "dashboard", "user:u5");
    assertThat(created.frames()).containsExactly("42[\"ticketCreated\",{\"type\":\"ticket.created\","
        + "\"id\":\"T1/ticket-created\",\"data\":{\"ticketId\":\"t1\",\"ticketNumber\":\"A-017\",\"status\":"
        + "\"waiting\",\"serviceType\":\"billing\"},\"timestamp\":\"2023-11-14T22:13:20.000Z\"}]");
    BroadcastRequest serving = broadcaster.requests.get(1);
    assertThat(serving.rooms()).containsExactlyInAnyOrder("service-billing", "dashboard", "user:u5", "counter:c3");
    assertThat(serving.frames()).containsExactly("42[\"ticketServing\",{\"ticketId\":\"t1\",\"ticketNumber\":"
        + "\"A-017\",\"status\":\"serving\",\"counter\":{\"name\":\"Counter 3\"}}]");
    assertThat(broadcaster.requests.get(2).volatileEmit()).isTrue();
  }
}
