package dev.socketiolambda.local.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.limits.DynamoDbRateLimiter;
import dev.socketiolambda.functions.limits.Limit;
import dev.socketiolambda.functions.limits.RateKey;
import dev.socketiolambda.functions.limits.RateLimitException;
import dev.socketiolambda.functions.limits.RateLimitTable;
import dev.socketiolambda.functions.limits.RateLimiter;
import dev.socketiolambda.functions.testing.RateLimiterContract;
import dev.socketiolambda.functions.testing.TestClock;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The rate limit contract against DynamoDB Local, on a table created from {@link RateLimitTable}. */
class DynamoDbRateLimiterTest extends RateLimiterContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedDynamoDb dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = EmbeddedDynamoDb.start(0);
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Override
  protected RateLimiter newLimiter(TestClock clock) {
    String table = "limits-" + TABLES.incrementAndGet();
    RateLimitTable.createIfAbsent(dynamo.client(), table);
    return new DynamoDbRateLimiter(dynamo.client(), table, clock);
  }

  @Test
  void theTableDefinitionCreatesAKeyedTableWithTtlAndCountersThatExpire() {
    String table = "limits-def";
    RateLimitTable.createIfAbsent(dynamo.client(), table);
    RateLimitTable.createIfAbsent(dynamo.client(), table); // a second start keeps it
    TableDescription t = dynamo.client().describeTable(b -> b.tableName(table)).table();
    assertThat(t.keySchema()).singleElement().satisfies(k -> {
      assertThat(k.attributeName()).isEqualTo(RateLimitTable.PK);
      assertThat(k.keyType()).isEqualTo(KeyType.HASH);
    });
    assertThat(dynamo.client().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription())
        .satisfies(ttl -> {
          assertThat(ttl.attributeName()).isEqualTo(RateLimitTable.TTL_ATTRIBUTE);
          assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        });

    long start = System.currentTimeMillis() / 10_000 * 10_000 + 60_000; // ahead of real time: TTL keeps it
    TestClock clock = new TestClock(start + 3_000);
    new DynamoDbRateLimiter(dynamo.client(), table, clock).tryAcquire("send", Limit.parse("5/10s"),
        RateKey.user("ada"));
    List<Map<String, AttributeValue>> items = dynamo.client().scan(b -> b.tableName(table)).items();
    assertThat(items).singleElement().satisfies(item -> {
      assertThat(item.get(RateLimitTable.PK).s()).isEqualTo("send#user:ada#" + start);
      assertThat(item.get(RateLimitTable.COUNT).n()).isEqualTo("1");
      // the counter may go a minute after its window ends
      assertThat(Long.parseLong(item.get(RateLimitTable.TTL_ATTRIBUTE).n())).isEqualTo((start + 10_000) / 1000 + 60);
    });
  }

  @Test
  void aMissingTableIsAClearErrorNotAnAllowance() {
    RateLimiter limiter = new DynamoDbRateLimiter(dynamo.client(), "no-such-table", clock);
    assertThatThrownBy(() -> limiter.tryAcquire("send", Limit.of(1, Duration.ofSeconds(1)), RateKey.user("ada")))
        .isInstanceOf(RateLimitException.class).hasMessageContaining("no-such-table");
  }
}
