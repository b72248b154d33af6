package dev.socketiolambda.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The fault proxy in front of DynamoDB Local, seen through the real SDK client. */
@Timeout(120)
class DynamoFaultProxyTest {
  private static final String TABLE = "faults";
  private static EmbeddedDynamoDb db;

  @BeforeAll
  static void start() {
    db = EmbeddedDynamoDb.start(0);
    db.client().createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void throttlesWithBothOfDynamoDbsThrottlingErrorsAndAppliesNothing() {
    try (DynamoFaultProxy proxy = proxy(settings(1, DynamoFaultKind.THROTTLE, 3));
        DynamoDbClient c = noRetries(proxy)) {
      Set<String> codes = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        String id = "throttled-" + i;
        DynamoDbException e = catchThrowableOfType(() -> put(c, id), DynamoDbException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.isThrottlingException()).as(e.awsErrorDetails().errorCode()).isTrue();
        if (e.awsErrorDetails().errorCode().equals("ProvisionedThroughputExceededException")) {
          assertThat(e).isInstanceOf(ProvisionedThroughputExceededException.class);
        }
        codes.add(e.awsErrorDetails().errorCode());
        assertThat(db.client().getItem(b -> b.tableName(TABLE).key(key(id))).hasItem()).isFalse();
      }
      assertThat(codes).containsExactlyInAnyOrder("ThrottlingException", "ProvisionedThroughputExceededException");
      assertThat(proxy.injected().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
    }
  }

  @Test
  void answersInternalServerErrorAsTheSdksInternalServerErrorException() {
    try (DynamoFaultProxy proxy = proxy(settings(1, DynamoFaultKind.INTERNAL_ERROR, 3));
        DynamoDbClient c = noRetries(proxy)) {
      InternalServerErrorException e = catchThrowableOfType(() -> put(c, "boom"), InternalServerErrorException.class);
      assertThat(e.statusCode()).isEqualTo(500);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
      assertThat(proxy.injected()).isEqualTo(Map.of("InternalServerError", 1L));
    }
  }

  @Test
  void leavesPartOfABatchWriteUnprocessedAndAppliesTheRest() {
    try (DynamoFaultProxy proxy = proxy(settings(1, DynamoFaultKind.UNPROCESSED, 5));
        DynamoDbClient c = noRetries(proxy)) {
      List<WriteRequest> writes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(key("batch-" + i)).build()).build());
      }
      BatchWriteItemResponse r = c.batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes)));

      List<WriteRequest> unprocessed = r.unprocessedItems().getOrDefault(TABLE, List.of());
      assertThat(unprocessed).isNotEmpty().hasSizeLessThan(20);
      for (WriteRequest w : writes) {
        boolean stored = db.client().getItem(b -> b.tableName(TABLE).key(w.putRequest().item())).hasItem();
        assertThat(stored).as(w.toString()).isEqualTo(!unprocessed.contains(w));
      }
      put(c, "single put"); // other operations never get UnprocessedItems, so never fail with this kind alone
      assertThat(proxy.injected()).isEqualTo(Map.of("UnprocessedItems", 1L));
    }
  }

  @Test
  void timesOutWithoutAnAnswerAndTheSdkSeesAClientError() {
    DynamoFaultSettings s = settings(1, DynamoFaultKind.TIMEOUT, 9).withTimeoutMs(50);
    try (DynamoFaultProxy proxy = proxy(s); DynamoDbClient c = noRetries(proxy)) {
      for (int i = 0; i < 6; i++) {
        String id = "timeout-" + i;
        assertThatThrownBy(() -> put(c, id)).isInstanceOf(SdkClientException.class);
      }
      assertThat(proxy.injected()).isEqualTo(Map.of("timeout", 6L));
    }
  }

  @Test
  void failsTheSeededShareOfRequestsInTheSameSequenceForTheSameSeed() {
    DynamoFaultSettings s = settings(0.25, DynamoFaultKind.THROTTLE, 42);
    List<Integer> first = failingRequests(s, 400);
    List<Integer> again = failingRequests(s, 400);
    List<Integer> otherSeed = failingRequests(s.withSeed(43), 400);

    assertThat(first).isEqualTo(again).isNotEqualTo(otherSeed);
    assertThat(first.size()).isBetween(70, 130); // 25% of 400 with seed 42, a fixed outcome
    assertThat(failingRequests(s.withFailureRate(0), 50)).isEmpty();
    assertThat(failingRequests(s.withFailureRate(1), 50)).hasSize(50);
  }

  @Test
  void failsOnlyTheNamedOperations() {
    DynamoFaultSettings s = settings(1, DynamoFaultKind.THROTTLE, 1).withOperations(Set.of("PutItem"));
    try (DynamoFaultProxy proxy = proxy(s); DynamoDbClient c = noRetries(proxy)) {
      assertThat(c.getItem(b -> b.tableName(TABLE).key(key("absent"))).hasItem()).isFalse();
      assertThatThrownBy(() -> put(c, "named")).isInstanceOf(DynamoDbException.class);
      assertThat(proxy.requests()).isEqualTo(2);
    }
  }

  @Test
  void theSdksDefaultRetriesAbsorbThrottlingThroughTheClientInFront() {
    DynamoFaultSettings s = settings(0.3, DynamoFaultKind.THROTTLE, 11);
    DynamoDbClient direct = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
        .endpointOverride(db.endpoint()).build();
    try (DynamoDbClient c = DynamoFaultProxy.inFront(direct, db.endpoint(), s)) {
      assertThat(c.serviceClientConfiguration().endpointOverride()).isNotEqualTo(direct.serviceClientConfiguration()
          .endpointOverride());
      for (int i = 0; i < 50; i++) {
        put(c, "retried-" + i);
      }
      for (int i = 0; i < 50; i++) {
        String id = "retried-" + i;
        assertThat(db.client().getItem(b -> b.tableName(TABLE).key(key(id))).hasItem()).isTrue();
      }
    }
    assertThat(DynamoFaultProxy.inFront(db.client(), db.endpoint(), DynamoFaultSettings.NONE)).isSameAs(db.client());
  }

  @Test
  void parsesFaultKindsByTheirCommandLineNames() {
    assertThat(DynamoFaultKind.parseList("throttle, 500,unprocessed,timeout,throttle")).containsExactly(
        DynamoFaultKind.THROTTLE, DynamoFaultKind.INTERNAL_ERROR, DynamoFaultKind.UNPROCESSED, DynamoFaultKind.TIMEOUT);
    assertThatThrownBy(() -> DynamoFaultKind.parseList("throttle,429")).hasMessageContaining("'429'");
    assertThatThrownBy(() -> DynamoFaultSettings.NONE.withFailureRate(1.5)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> new DynamoFaultSettings(0.5, List.of(), Set.of(), 1, 0))
        .hasMessageContaining("at least one fault kind");
  }

  /** Indexes of the requests of a fresh proxy with {@code s} that failed, out of {@code n} serial GetItems. */
  private static List<Integer> failingRequests(DynamoFaultSettings s, int n) {
    List<Integer> failed = new ArrayList<>();
    try (DynamoFaultProxy proxy = proxy(s); DynamoDbClient c = noRetries(proxy)) {
      for (int i = 0; i < n; i++) {
        try {
          c.getItem(b -> b.tableName(TABLE).key(key("x")));
        } catch (DynamoDbException e) {
          failed.add(i);
        }
      }
      assertThat(proxy.injected().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(failed.size());
    }
    return failed;
  }

  private static DynamoFaultSettings settings(double rate, DynamoFaultKind kind, long seed) {
    return DynamoFaultSettings.NONE.withFailureRate(rate).withKinds(List.of(kind)).withSeed(seed);
  }

  private static DynamoFaultProxy proxy(DynamoFaultSettings s) {
    return DynamoFaultProxy.start(db.endpoint(), s);
  }

  private static DynamoDbClient noRetries(DynamoFaultProxy proxy) {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
        .endpointOverride(proxy.endpoint()).overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  private static void put(DynamoDbClient c, String id) {
    c.putItem(b -> b.tableName(TABLE).item(key(id)));
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }
}
