package dev.socketiolambda.functions.schedule;

import java.util.HashMap;
import java.util.Map;

/** A {@link Lease} in one JVM's memory: for tests and single-process runs. */
public final class InMemoryLease implements Lease {
  private final Map<String, Holder> leases = new HashMap<>();

  private record Holder(long slot, String owner, long untilMs) {}

  @Override
  public synchronized Result acquire(String name, long slot, String owner, long untilMs, long nowMs) {
    Holder h = leases.get(name);
    if (h != null && h.slot >= slot) {
      return Result.DONE;
    }
    if (h != null && h.owner != null && h.untilMs >= nowMs) {
      return Result.BUSY;
    }
    leases.put(name, new Holder(slot, owner, untilMs));
    return Result.ACQUIRED;
  }

  @Override
  public synchronized void release(String name, String owner) {
    Holder h = leases.get(name);
    if (h != null && owner.equals(h.owner)) {
      leases.put(name, new Holder(h.slot, null, 0));
    }
  }
}
