package dev.socketiolambda.functions.limits;

import dev.socketiolambda.functions.bundle.BundleTable;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one definition of the rate-limit table, for the local stack and the CDK construct alike: one
 * item per counter, partition key {@value #PK} ({@code <name>#<kind>:<id>#<window start>}), the count
 * in {@value #COUNT}, on-demand billing, TTL on {@value #TTL_ATTRIBUTE} (epoch seconds, a minute
 * after the window ends).
 */
public final class RateLimitTable {
  public static final String DEFAULT_TABLE_NAME = "socketio-limits";
  public static final String PK = "pk";
  public static final String COUNT = "n";
  public static final String TTL_ATTRIBUTE = "ttl";

  private RateLimitTable() {}

  /** The CreateTable request (the TTL attribute is set apart: {@link #createIfAbsent} or the CDK table). */
  /**
   * The limits table of an application bundle: created locally and declared in CDK like its other
   * tables, with TTL, and only {@code dynamodb:UpdateItem} (a check is one conditional update) for
   * the functions that check limits.
   */
  public static BundleTable bundleTable(String id, String nameVariable, String defaultName, List<String> functions) {
    return new BundleTable(id, nameVariable, defaultName, RateLimitTable::definition, TTL_ATTRIBUTE,
        new BundleTable.Access(functions, List.of("dynamodb:UpdateItem")));
  }

  public static CreateTableRequest definition(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S)
            .build())
        .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
        .build();
  }

  /** Creates the table with TTL enabled unless it exists (local stacks and tests); never drops anything. */
  public static void createIfAbsent(DynamoDbClient dynamo, String tableName) {
    try {
      dynamo.createTable(definition(tableName));
    } catch (ResourceInUseException exists) {
      return;
    }
    dynamo.updateTimeToLive(b -> b.tableName(tableName)
        .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
  }
}
