package dev.socketiolambda.functions.fanout;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** A {@link ShardLedger} in memory: one process (tests, the local stack). Entries are kept until the ledger goes. */
public final class InMemoryShardLedger implements ShardLedger {
  private final Map<String, Entry> shards = new HashMap<>();
  private final LongSupplier clock;

  public InMemoryShardLedger(LongSupplier clock) {
    this.clock = clock;
  }

  public InMemoryShardLedger() {
    this(System::currentTimeMillis);
  }

  @Override
  public synchronized Set<String> claim(String shardId, String owner, long leaseUntilMs) {
    Entry e = shards.computeIfAbsent(shardId, k -> new Entry());
    if (e.owner != null && !e.owner.equals(owner) && e.leaseUntil > clock.getAsLong()) {
      throw new FanOutException.ShardBusy(shardId);
    }
    e.owner = owner;
    e.leaseUntil = leaseUntilMs;
    return Set.copyOf(e.settled);
  }

  @Override
  public synchronized void settle(String shardId, Collection<String> connectionIds) {
    shards.computeIfAbsent(shardId, k -> new Entry()).settled.addAll(connectionIds);
  }

  @Override
  public synchronized void release(String shardId, String owner) {
    Entry e = shards.get(shardId);
    if (e != null && owner.equals(e.owner)) {
      e.owner = null;
    }
  }

  private static final class Entry {
    final Set<String> settled = new HashSet<>();
    String owner;
    long leaseUntil;
  }
}
