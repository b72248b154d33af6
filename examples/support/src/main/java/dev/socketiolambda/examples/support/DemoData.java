package dev.socketiolambda.examples.support;

import dev.socketiolambda.functions.bundle.LocalDemo.DemoUser;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The demo's users and queries, written by the local stack at start (idempotent: existing queries are
 * kept). Vendors {@code acme} and {@code bakery}, support agent {@code sam}, admin {@code ada}.
 */
public final class DemoData {
  public static final List<DemoUser> USERS = List.of(
      new DemoUser("acme", "Acme Foods", List.of(Actor.VENDOR)),
      new DemoUser("bakery", "Bright Bakery", List.of(Actor.VENDOR)),
      new DemoUser("sam", "Sam (support)", List.of(Actor.SUPPORT)),
      new DemoUser("ada", "Ada (admin)", List.of(Actor.ADMIN)));

  private DemoData() {}

  /**
   * Creates the queries table as the local stack creates the rules' domain tables (key
   * {@code queryId}, a {@code NEW_AND_OLD_IMAGES} stream), unless it exists: the local stack writes
   * demo data before it creates the domain tables, and the demo queries live in this one.
   */
  public static void createQueriesTableIfAbsent(DynamoDbClient dynamo, String table) {
    try {
      dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(KeySchemaElement.builder().attributeName("queryId").keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName("queryId")
              .attributeType(ScalarAttributeType.S).build())
          .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    } catch (ResourceInUseException exists) {
      // there already
    }
  }

  public static void seed(QueryStore store) {
    Actor acme = new Actor("acme", "Acme Foods", Actor.VENDOR);
    Actor bakery = new Actor("bakery", "Bright Bakery", Actor.VENDOR);
    store.create("demo-payout", "acme", "Acme Foods", "Payout missing for November",
        "Our November payout has not arrived yet. Can you check?", acme);
    store.create("demo-menu", "bakery", "Bright Bakery", "Menu photos not showing",
        "The photos of our menu items do not show in the app.", bakery);
  }
}
