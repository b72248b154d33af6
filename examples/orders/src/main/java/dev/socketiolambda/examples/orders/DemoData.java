package dev.socketiolambda.examples.orders;

import dev.socketiolambda.functions.bundle.LocalDemo.DemoUser;
import java.util.List;

/**
 * The demo's users and data, written by the local stack at start (idempotent): the business (open)
 * and two available delivery agents. Users: {@code admin} (admin), {@code carla} and {@code chris}
 * (customers), {@code dan} and {@code dina} (delivery agents).
 */
public final class DemoData {
  public static final List<DemoUser> USERS = List.of(
      new DemoUser("admin", "Ada Admin", List.of("admin")),
      new DemoUser("carla", "Carla Customer", List.of("customer")),
      new DemoUser("chris", "Chris Customer", List.of("customer")),
      new DemoUser("dan", "Dan Delivery", List.of("delivery")),
      new DemoUser("dina", "Dina Delivery", List.of("delivery")));

  private DemoData() {}

  public static void seed(OrdersStore store) {
    // the local stack seeds before it creates the rules' domain tables (and then adds the stream to this one)
    store.createTableIfAbsent();
    store.createBusinessIfAbsent(OrdersRoutes.BUSINESS_NAME, true);
    for (DemoUser u : USERS) {
      if (u.roles().contains("delivery") && store.agent(u.id()).isEmpty()) {
        store.setAgentStatus(u.id(), u.name(), "available");
      }
    }
  }
}
