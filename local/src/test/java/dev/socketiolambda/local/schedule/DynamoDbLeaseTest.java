package dev.socketiolambda.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.schedule.DynamoDbLease;
import dev.socketiolambda.functions.schedule.Lease;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schedule lease as an item of the runtime's state table, against DynamoDB Local. */
class DynamoDbLeaseTest {
  private static EmbeddedDynamoDb dynamo;
  private static Lease lease;
  private final long now = System.currentTimeMillis();

  @BeforeAll
  static void startDynamo() {
    dynamo = EmbeddedDynamoDb.start(0);
    LocalStack.createTablesIfAbsent(dynamo.client(), "lease");
    lease = new DynamoDbLease(dynamo.client(), "lease");
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void oneHolderAtATimeAndEachSlotOnce() {
    assertThat(lease.acquire("a", 60_000, "first", now + 70_000, now)).isEqualTo(Lease.Result.ACQUIRED);
    assertThat(lease.acquire("a", 60_000, "duplicate", now + 70_000, now)).isEqualTo(Lease.Result.DONE);
    assertThat(lease.acquire("a", 120_000, "next", now + 70_000, now)).isEqualTo(Lease.Result.BUSY);
    lease.release("a", "someone-else"); // not the holder: no effect
    assertThat(lease.acquire("a", 120_000, "next", now + 70_000, now)).isEqualTo(Lease.Result.BUSY);
    lease.release("a", "first");
    assertThat(lease.acquire("a", 120_000, "next", now + 70_000, now)).isEqualTo(Lease.Result.ACQUIRED);
    assertThat(lease.acquire("a", 60_000, "late", now + 70_000, now)).isEqualTo(Lease.Result.DONE);
  }

  @Test
  void aHolderThatDiedFreesTheLeaseAtItsDeadline() {
    assertThat(lease.acquire("b", 60_000, "crashed", now + 10_000, now)).isEqualTo(Lease.Result.ACQUIRED);
    assertThat(lease.acquire("b", 120_000, "next", now + 70_000, now + 9_000)).isEqualTo(Lease.Result.BUSY);
    assertThat(lease.acquire("b", 120_000, "next", now + 70_000, now + 10_001)).isEqualTo(Lease.Result.ACQUIRED);
  }

  @Test
  void ofManyParallelInvocationsOfOneSlotExactlyOneAcquires() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Lease.Result>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String owner = "inv-" + i;
        results.add(pool.submit(() -> {
          start.await();
          return lease.acquire("c", 60_000, owner, now + 70_000, now);
        }));
      }
      start.countDown();
      int acquired = 0;
      for (Future<Lease.Result> f : results) {
        acquired += f.get(60, TimeUnit.SECONDS) == Lease.Result.ACQUIRED ? 1 : 0;
      }
      assertThat(acquired).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
