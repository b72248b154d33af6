package dev.socketiolambda.examples.queue;

import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.Rules;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The queue's tables. Two domain tables with streams, declared in the stream rules
 * ({@code queue-rules.json}, which is where the local stack and the CDK stack read them):
 * {@value #TICKETS} (key {@code serviceType} + {@code seq}) and {@value #FLOOR} (key {@code kind}
 * + {@code id}: one item per service, the queue's aggregate, and one per counter). And one plain
 * table without a stream for the sequential client number ({@link #clients}).
 */
public final class QueueTables {
  /** Tickets: partition {@code serviceType}, sort {@code seq} (the ticket's number in its service). */
  public static final String TICKETS = "queue-tickets";
  /** Services (aggregates) and counters: partition {@code kind} ({@code service}, {@code counter}), sort {@code id}. */
  public static final String FLOOR = "queue-floor";

  private QueueTables() {}

  /**
   * Creates the domain tables of the stream rules (keys as their {@code tables} section says, a
   * {@code NEW_AND_OLD_IMAGES} stream) unless they exist. The local stack does the same, but only
   * after it has written the demo data, which lives in them.
   */
  public static void createDomainTablesIfAbsent(DynamoDbClient dynamo) {
    for (DomainTable t : Rules.fromLocation(QueueBundle.RULES).tables()) {
      List<KeySchemaElement> keys = new ArrayList<>();
      List<AttributeDefinition> attributes = new ArrayList<>();
      keys.add(KeySchemaElement.builder().attributeName(t.partitionKey()).keyType(KeyType.HASH).build());
      attributes.add(AttributeDefinition.builder().attributeName(t.partitionKey())
          .attributeType(t.partitionKeyType()).build());
      if (t.sortKey() != null) {
        keys.add(KeySchemaElement.builder().attributeName(t.sortKey()).keyType(KeyType.RANGE).build());
        attributes.add(AttributeDefinition.builder().attributeName(t.sortKey()).attributeType(t.sortKeyType()).build());
      }
      try {
        dynamo.createTable(b -> b.tableName(t.name()).keySchema(keys).attributeDefinitions(attributes)
            .billingMode(BillingMode.PAY_PER_REQUEST).streamSpecification(StreamSpecification.builder()
                .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
      } catch (ResourceInUseException exists) {
        // created before
      }
    }
  }

  /** The clients table: one item {@code pk = "clients"} whose {@code n} counts connections ever made. */
  public static CreateTableRequest clients(String table) {
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .build();
  }
}
