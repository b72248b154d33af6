package dev.socketiolambda.examples.storefront;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The storefront's tables. The six domain tables (declared in {@code storefront-rules.json}, each with a
 * {@code NEW_AND_OLD_IMAGES} stream) hold what the routes write; their changes become the seed's events
 * ({@link StorefrontEvents}). The index table (no stream) holds what the events need besides: seller
 * metrics, product view counters and the quotation expiry buckets.
 */
public final class StorefrontTables {
  public static final String PRODUCTS = "storefront-products";
  /** Key: {@code userId}, {@code productId}: "the cart of a user" is one query. */
  public static final String CARTS = "storefront-carts";
  public static final String ORDERS = "storefront-orders";
  /** Invitations and wholesale orders ({@code kind}), key {@code id}. */
  public static final String WHOLESALE = "storefront-wholesale";
  public static final String QUOTATIONS = "storefront-quotations";
  /** Key: {@code userId} ({@code system} for announcements to everyone), {@code notificationId}. */
  public static final String NOTIFICATIONS = "storefront-notifications";
  /** The user id of system announcements in {@link #NOTIFICATIONS}. */
  public static final String SYSTEM_USER = "system";

  /** The index table's TTL attribute (epoch seconds), set on expiry bucket items. */
  public static final String TTL_ATTRIBUTE = "expiresAt";

  private StorefrontTables() {}

  /** The index table: {@code pk}, {@code sk}, both strings. */
  public static CreateTableRequest indexDefinition(String table) {
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("pk"), attribute("sk"))
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .build();
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }
}
