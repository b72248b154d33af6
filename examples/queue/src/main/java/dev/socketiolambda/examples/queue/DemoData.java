package dev.socketiolambda.examples.queue;

import dev.socketiolambda.functions.bundle.LocalDemo.DemoUser;
import java.util.List;

/**
 * The demo's users, services and counters, written by the local stack at start (existing items are
 * kept). Users: ada (admin), sam and tess (staff), carol and dave (customers). Services: Finance
 * (FIN), Registry (REG). Counters: c1 "Counter 1" and c2 "Counter 2" for Finance (c1 open),
 * c3 "Counter 3" for Registry (open).
 */
public final class DemoData {
  public static final List<DemoUser> USERS = List.of(
      new DemoUser("ada", "Ada (admin)", List.of(Roles.ADMIN)),
      new DemoUser("sam", "Sam (staff)", List.of(Roles.STAFF)),
      new DemoUser("tess", "Tess (staff)", List.of(Roles.STAFF)),
      new DemoUser("carol", "Carol (customer)", List.of(Roles.CUSTOMER)),
      new DemoUser("dave", "Dave (customer)", List.of(Roles.CUSTOMER)));

  private DemoData() {}

  public static void seed(QueueStore store) {
    store.createService("Finance", "FIN");
    store.createService("Registry", "REG");
    if (store.createCounter("c1", "Counter 1", "Finance")) {
      store.setOpen("c1", true);
    }
    store.createCounter("c2", "Counter 2", "Finance");
    if (store.createCounter("c3", "Counter 3", "Registry")) {
      store.setOpen("c3", true);
    }
  }
}
