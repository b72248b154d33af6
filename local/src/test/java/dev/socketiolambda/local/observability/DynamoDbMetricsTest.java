package dev.socketiolambda.local.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.observability.DynamoDbMetrics;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.local.dynamo.DynamoFaultKind;
import dev.socketiolambda.local.dynamo.DynamoFaultProxy;
import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The DynamoDB request counter on a real SDK client, against DynamoDB Local behind the fault proxy. */
@Timeout(120)
class DynamoDbMetricsTest {
  private static final String TABLE = "metrics";
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
  void countsEveryAttemptAndEachThrottledAnswer() {
    Meter meter = new Meter();
    try (DynamoFaultProxy proxy = DynamoFaultProxy.start(db.endpoint(), faults(DynamoFaultKind.THROTTLE));
        DynamoDbClient c = client(proxy, meter, 2)) {
      assertThatThrownBy(() -> put(c, "throttled")).isInstanceOf(DynamoDbException.class);

      assertThat(meter.get(Metric.DYNAMODB_REQUESTS)).isEqualTo(3); // the first try and two retries
      assertThat(meter.get(Metric.DYNAMODB_THROTTLES)).isEqualTo(3);
      assertThat(meter.get(Metric.DYNAMODB_ERRORS)).isZero();
    }
  }

  @Test
  void countsServerErrorsApartFromThrottles() {
    Meter meter = new Meter();
    try (DynamoFaultProxy proxy = DynamoFaultProxy.start(db.endpoint(), faults(DynamoFaultKind.INTERNAL_ERROR));
        DynamoDbClient c = client(proxy, meter, 0)) {
      assertThatThrownBy(() -> put(c, "broken")).isInstanceOf(DynamoDbException.class);

      assertThat(meter.get(Metric.DYNAMODB_REQUESTS)).isEqualTo(1);
      assertThat(meter.get(Metric.DYNAMODB_ERRORS)).isEqualTo(1);
      assertThat(meter.get(Metric.DYNAMODB_THROTTLES)).isZero();
    }
  }

  @Test
  void aRefusedConditionIsNeitherAThrottleNorAnErrorAndTheSdkStillReadsItsBody() {
    Meter meter = new Meter();
    try (DynamoFaultProxy proxy = DynamoFaultProxy.start(db.endpoint(), DynamoFaultSettings.NONE.withFailureRate(0)
        .withKinds(List.of(DynamoFaultKind.THROTTLE)));
        DynamoDbClient c = client(proxy, meter, 0)) {
      put(c, "present");
      DynamoDbException e = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(() ->
          c.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS("present")))
              .conditionExpression("attribute_not_exists(id)")));

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
      assertThat(meter.get(Metric.DYNAMODB_REQUESTS)).isEqualTo(2);
      assertThat(meter.get(Metric.DYNAMODB_THROTTLES)).isZero();
      assertThat(meter.get(Metric.DYNAMODB_ERRORS)).isZero();
    }
  }

  private static DynamoFaultSettings faults(DynamoFaultKind kind) {
    return DynamoFaultSettings.NONE.withFailureRate(1).withKinds(List.of(kind)).withSeed(7);
  }

  private static DynamoDbClient client(DynamoFaultProxy proxy, Meter meter, int retries) {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
        .endpointOverride(proxy.endpoint()).overrideConfiguration(o -> o
            .retryPolicy(RetryPolicy.builder().numRetries(retries).build())
            .addExecutionInterceptor(new DynamoDbMetrics(meter)))
        .build();
  }

  private static void put(DynamoDbClient c, String id) {
    c.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id))));
  }
}
