package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.bundle.LocalDemo.DemoUser;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The local demo: buyers ana and ben, sellers sam and sue, admin ada; products of sam ({@code p-mug},
 * {@code p-lamp} with low stock) and sue ({@code p-tea}, out of stock). Existing items are kept.
 */
public final class DemoData {
  public static final List<DemoUser> USERS = List.of(
      new DemoUser("ana", "Ana (buyer)", List.of(Actor.BUYER)),
      new DemoUser("ben", "Ben (buyer)", List.of(Actor.BUYER)),
      new DemoUser("sam", "Sam (seller)", List.of(Actor.SELLER)),
      new DemoUser("sue", "Sue (seller)", List.of(Actor.SELLER)),
      new DemoUser("ada", "Ada (admin)", List.of(Actor.ADMIN)));

  private DemoData() {}

  public static void seed(DynamoDbClient dynamo) {
    // the local stack seeds before it creates the rules' domain tables: create this one as it would
    try {
      dynamo.createTable(b -> b.tableName(StorefrontTables.PRODUCTS)
          .keySchema(KeySchemaElement.builder().attributeName("productId").keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName("productId")
              .attributeType(ScalarAttributeType.S).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    } catch (ResourceInUseException exists) {
      // created by the stack or an earlier run
    }
    product(dynamo, "p-mug", "sam", "Stoneware mug", "12.50", 20);
    product(dynamo, "p-lamp", "sam", "Desk lamp", "45", 12);
    product(dynamo, "p-tea", "sue", "Green tea, 100 g", "8.90", 0);
  }

  private static void product(DynamoDbClient dynamo, String id, String seller, String name, String price, long stock) {
    String at = Envelope.iso(System.currentTimeMillis());
    ObjectNode p = Json.object().put("productId", id).put("sellerId", seller).put("name", name)
        .put("price", new BigDecimal(price)).put("stock", stock).put("lowStockThreshold", StorefrontEvents.LOW_STOCK)
        .put("status", "active").put("createdAt", at).put("updatedAt", at).put("updatedBy", seller);
    try {
      dynamo.putItem(b -> b.tableName(StorefrontTables.PRODUCTS).item(Items.item(p))
          .conditionExpression("attribute_not_exists(productId)"));
    } catch (ConditionalCheckFailedException exists) {
      // kept from an earlier run
    }
  }
}
