package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.StreamBroadcast;
import dev.socketiolambda.functions.stream.StreamHook;
import dev.socketiolambda.functions.stream.StreamRecord;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import dev.socketiolambda.protocol.json.Json;

/**
 * The storefront's stream hook: every change of a domain table ({@link StorefrontTables}) becomes the
 * seed's events, in its envelope ({@link Envelope}; {@code timestamp} is the write's {@code updatedAt},
 * {@code userId} its {@code updatedBy}), to the seed's recipients. Pure: no lookups, so a record always
 * maps to the same broadcasts (retries resend the same event ids). The catalogue is in the module's
 * README; thresholds: {@code stock:low} below {@value #LOW_STOCK}, {@code product:low_stock} below the
 * product's {@code lowStockThreshold} (default {@value #LOW_STOCK}), both when the stock crosses them.
 */
public final class StorefrontEvents implements StreamHook {
  /** The seed's "stock &lt; 10". */
  public static final int LOW_STOCK = 10;
  static final String NS = "/";

  /**
   * The record's events, but those its writer already emitted directly (the item's {@code directEvents},
   * see {@code STOREFRONT_DIRECT_EVENTS}).
   */
  @Override
  public List<StreamBroadcast> map(StreamRecord r) {
    return all(r).stream().filter(b -> !directEvents(r).contains(b.event())).toList();
  }

  /** Only the events the writer emits itself, right after its write (the direct path). */
  public static List<StreamBroadcast> direct(StreamRecord r) {
    return new StorefrontEvents().all(r).stream().filter(b -> directEvents(r).contains(b.event())).toList();
  }

  private static java.util.Set<String> directEvents(StreamRecord r) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (r.eventName() == EventName.MODIFY && r.newImage() != null) {
      r.newImage().path("directEvents").forEach(e -> out.add(e.asText()));
    }
    return out;
  }

  private List<StreamBroadcast> all(StreamRecord r) {
    String table = r.tableName();
    if (table == null) {
      return List.of();
    }
    return switch (table) {
      case StorefrontTables.PRODUCTS -> products(r);
      case StorefrontTables.CARTS -> cart(r);
      case StorefrontTables.ORDERS -> orders(r);
      case StorefrontTables.WHOLESALE -> wholesale(r);
      case StorefrontTables.QUOTATIONS -> quotations(r);
      case StorefrontTables.NOTIFICATIONS -> notifications(r);
      default -> List.of();
    };
  }

  // ---- products and stock alerts

  private List<StreamBroadcast> products(StreamRecord r) {
    Out out = new Out(r);
    ObjectNode p = r.item();
    String seller = text(p, "sellerId");
    String id = text(p, "productId");
    if (r.eventName() == EventName.INSERT) {
      return out.emit("product:created", data(p), Rooms.seller(seller), Rooms.storefront(seller)).list;
    }
    if (r.eventName() == EventName.REMOVE) {
      ObjectNode d = Json.object().put("productId", id).put("sellerId", seller).put("name", text(p, "name"));
      return out.emit("product:deleted", d, Rooms.seller(seller), Rooms.cart(id)).list;
    }
    ObjectNode old = r.oldImage();
    if (old == null) {
      return List.of();
    }
    if (changed(old, p, "name") || changed(old, p, "description") || changed(old, p, "status")
        || changed(old, p, "lowStockThreshold")) {
      out.emit("product:updated", data(p), Rooms.seller(seller), Rooms.product(id));
    }
    if (changed(old, p, "price")) {
      ObjectNode d = Json.object().put("productId", id).put("sellerId", seller).put("name", text(p, "name"));
      d.set("price", p.get("price"));
      d.set("previousPrice", old.get("price"));
      out.emit("product:price_changed", d, Rooms.product(id), Rooms.cart(id));
    }
    if (changed(old, p, "stock")) {
      long before = old.path("stock").asLong();
      long now = p.path("stock").asLong();
      ObjectNode d = stock(p).put("previousStock", before);
      out.emit("product:stock_changed", d, Rooms.product(id), Rooms.cart(id));
      long threshold = p.path("lowStockThreshold").asLong(LOW_STOCK);
      if (now < threshold && before >= threshold) {
        out.emit("product:low_stock", stock(p).put("threshold", threshold), Rooms.seller(seller));
      }
      if (now > 0 && now < LOW_STOCK && before >= LOW_STOCK) {
        out.emit("stock:low", stock(p).put("threshold", LOW_STOCK), Rooms.seller(seller));
        out.emit("analytics:inventory_alert", stock(p).put("threshold", LOW_STOCK).put("alert", "low_stock"),
            Rooms.seller(seller));
      }
      if (now == 0 && before > 0) {
        out.emit("stock:out", stock(p), Rooms.seller(seller), Rooms.product(id));
        out.emit("analytics:inventory_alert", stock(p).put("threshold", LOW_STOCK).put("alert", "out_of_stock"),
            Rooms.seller(seller));
      }
      if (before == 0 && now > 0) {
        out.emit("stock:restocked", stock(p).put("previousStock", 0), Rooms.restock(id));
      }
    }
    return out.list;
  }

  private static ObjectNode stock(ObjectNode p) {
    return Json.object().put("productId", text(p, "productId")).put("sellerId", text(p, "sellerId"))
        .put("name", text(p, "name")).put("stock", p.path("stock").asLong());
  }

  // ---- cart

  private List<StreamBroadcast> cart(StreamRecord r) {
    ObjectNode item = r.item();
    String action = switch (r.eventName()) {
      case INSERT -> "added";
      case MODIFY -> "updated";
      case REMOVE -> "removed";
    };
    ObjectNode d = Json.object().put("userId", text(item, "userId")).put("productId", text(item, "productId"))
        .put("sellerId", text(item, "sellerId")).put("name", text(item, "name"))
        .put("quantity", r.eventName() == EventName.REMOVE ? 0 : item.path("quantity").asLong())
        .put("action", action);
    d.set("price", item.get("price"));
    return new Out(r).emit("cart:updated", d, Rooms.user(text(item, "userId"))).list;
  }

  // ---- orders and their analytics

  private List<StreamBroadcast> orders(StreamRecord r) {
    Out out = new Out(r);
    ObjectNode o = r.item();
    String[] rooms = {Rooms.user(text(o, "buyerId")), Rooms.seller(text(o, "sellerId"))};
    if (r.eventName() == EventName.INSERT) {
      return out.emit("order:updated", data(o).put("action", "created"), rooms).list;
    }
    ObjectNode old = r.oldImage();
    if (r.eventName() != EventName.MODIFY || old == null) {
      return List.of();
    }
    if (changed(old, o, "status")) {
      String status = text(o, "status");
      out.emit("order:updated", data(o).put("action", status), rooms);
      if ("completed".equals(status)) {
        ObjectNode d = Json.object().put("orderId", text(o, "orderId")).put("sellerId", text(o, "sellerId"));
        d.set("amount", o.get("total"));
        d.put("productId", o.path("items").path(0).path("productId").asText(null));
        out.emit("analytics:sale_completed", d, rooms[1]);
      }
    }
    if (changed(old, o, "paymentStatus")) {
      out.emit("order:updated", data(o).put("action", "payment_" + text(o, "paymentStatus")), rooms);
      if ("paid".equals(text(o, "paymentStatus"))) {
        ObjectNode d = Json.object().put("orderId", text(o, "orderId")).put("sellerId", text(o, "sellerId"));
        d.set("amount", o.get("total"));
        out.emit("analytics:revenue_updated", d, rooms[1]);
      }
    }
    return out.list;
  }

  // ---- wholesale

  private List<StreamBroadcast> wholesale(StreamRecord r) {
    Out out = new Out(r);
    ObjectNode w = r.item();
    String seller = Rooms.seller(text(w, "sellerId"));
    String buyer = Rooms.user(text(w, "buyerId"));
    boolean invitation = "invitation".equals(text(w, "kind"));
    ObjectNode old = r.oldImage();
    if (r.eventName() == EventName.INSERT) {
      return invitation ? out.emit("wholesale:invitation_sent", data(w), seller).list
          : out.emit("wholesale:order_placed", data(w), seller, buyer).list;
    }
    if (r.eventName() != EventName.MODIFY || old == null) {
      return List.of();
    }
    if (invitation) {
      if (changed(old, w, "status") && "accepted".equals(text(w, "status"))) {
        out.emit("wholesale:invitation_accepted", data(w), seller, buyer);
      } else if (changed(old, w, "status") && "rejected".equals(text(w, "status"))) {
        out.emit("wholesale:invitation_rejected", data(w), seller);
      }
      return out.list;
    }
    if (changed(old, w, "status")) {
      out.emit("wholesale:order_updated", data(w), seller, buyer);
      if ("shipped".equals(text(w, "status"))) {
        out.emit("wholesale:order_shipped", data(w), buyer);
      }
    }
    if (becameTrue(old, w, "depositPaid")) {
      out.emit("wholesale:deposit_paid", data(w), seller, buyer);
    }
    if (becameTrue(old, w, "balancePaid")) {
      out.emit("wholesale:balance_paid", data(w), seller, buyer);
    }
    return out.list;
  }

  // ---- quotations

  private List<StreamBroadcast> quotations(StreamRecord r) {
    Out out = new Out(r);
    ObjectNode q = r.item();
    String seller = Rooms.seller(text(q, "sellerId"));
    String buyer = Rooms.user(text(q, "buyerId"));
    if (r.eventName() == EventName.INSERT) {
      return out.emit("quotation:created", data(q), seller).list;
    }
    ObjectNode old = r.oldImage();
    if (r.eventName() != EventName.MODIFY || old == null) {
      return List.of();
    }
    String status = text(q, "status");
    if (changed(old, q, "status")) {
      switch (status) {
        case "sent" -> out.emit("quotation:sent", data(q), buyer);
        case "viewed" -> out.emit("quotation:viewed", data(q), seller);
        case "accepted" -> out.emit("quotation:accepted", data(q), seller);
        case "rejected" -> out.emit("quotation:rejected", data(q), seller);
        case "expired" -> out.emit("quotation:expired", data(q), seller, buyer);
        default -> { }
      }
    } else if (changed(old, q, "items") || changed(old, q, "total") || changed(old, q, "notes")
        || changed(old, q, "expiresAt")) {
      // the buyer hears of changes once the quotation was sent to them
      if ("draft".equals(status)) {
        out.emit("quotation:updated", data(q), seller);
      } else {
        out.emit("quotation:updated", data(q), seller, buyer);
      }
    }
    return out.list;
  }

  // ---- notifications

  private List<StreamBroadcast> notifications(StreamRecord r) {
    Out out = new Out(r);
    ObjectNode n = r.item();
    String user = text(n, "userId");
    boolean system = StorefrontTables.SYSTEM_USER.equals(user);
    if (r.eventName() == EventName.INSERT) {
      if (system) {
        return out.emit("notification:system", data(n)).list; // no rooms: every socket of the namespace
      }
      return out.emit("notification:" + text(n, "category"), data(n), Rooms.user(user)).list;
    }
    if (system) {
      return List.of();
    }
    if (r.eventName() == EventName.REMOVE) {
      ObjectNode d = Json.object().put("notificationId", text(n, "notificationId")).put("userId", user);
      return out.emit("notification:deleted", d, Rooms.user(user)).list;
    }
    if (r.oldImage() != null && becameTrue(r.oldImage(), n, "read")) {
      ObjectNode d = Json.object().put("notificationId", text(n, "notificationId")).put("userId", user)
          .put("read", true).put("category", text(n, "category"));
      out.emit("notification:read", d, Rooms.user(user));
    }
    return out.list;
  }

  // ---- helpers

  /** The item as the events' {@code data}: everything but the bookkeeping of who wrote it and how. */
  static ObjectNode data(ObjectNode item) {
    ObjectNode d = item.deepCopy();
    d.remove("updatedBy");
    d.remove("directEvents");
    return d;
  }

  private static boolean changed(ObjectNode old, ObjectNode now, String field) {
    JsonNode a = old.get(field);
    JsonNode b = now.get(field);
    if (a != null && b != null && a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) != 0;
    }
    return !Objects.equals(a, b);
  }

  private static boolean becameTrue(ObjectNode old, ObjectNode now, String field) {
    return now.path(field).asBoolean(false) && !old.path(field).asBoolean(false);
  }

  static String text(JsonNode item, String field) {
    JsonNode v = item.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The broadcasts of one record, named by event (and a counter when an event repeats). */
  private static final class Out {
    final StreamRecord record;
    final List<StreamBroadcast> list = new ArrayList<>();

    Out(StreamRecord record) {
      this.record = record;
    }

    Out emit(String event, ObjectNode data, String... rooms) {
      List<String> targets = new ArrayList<>();
      for (String room : rooms) {
        if (room != null) {
          targets.add(room);
        }
      }
      if (rooms.length > 0 && targets.isEmpty()) {
        return this; // never fall back to the whole namespace
      }
      ObjectNode item = record.item();
      String at = text(item, "updatedAt");
      if (at == null) {
        at = Envelope.iso(record.approximateCreationDateTime() == null ? System.currentTimeMillis()
            : record.approximateCreationDateTime().toEpochMilli());
      }
      String name = event.replace(':', '-') + "-" + list.size();
      list.add(StreamBroadcast.to(name, NS, event, targets, Envelope.of(event, data, at, text(item, "updatedBy"))));
      return this;
    }
  }
}
