package dev.socketiolambda.local.streams;

import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.RuleException;
import dev.socketiolambda.functions.stream.Rules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The domain tables a stream rules file declares, and their creation in a local DynamoDB. The
 * {@code tables} section is read by {@link Rules}, the same parser the stream function uses:
 * <pre>{@code
 * {"tables": {"orders": {"partitionKey": "orderId"}, "messages": {"partitionKey": "roomId", "sortKey": "sentAt"}}, ...}
 * }</pre>
 * Key types default to strings; {@code partitionKeyType}/{@code sortKeyType} may say {@code S},
 * {@code N} or {@code B} (the stream rules' format, docs/stream-rules.md).
 */
public final class DomainTables {
  private DomainTables() {}

  /**
   * The domain tables of a rules file: its {@code tables} section as {@link Rules} reads it (the
   * whole file is validated, so a bad rule stops the start too). A file without tables is refused:
   * the local stack would have nothing to create and poll.
   *
   * @throws IllegalArgumentException naming the file and what is wrong
   */
  public static List<DomainTable> read(Path rulesFile) {
    return tables(load(() -> Rules.fromFile(rulesFile)), rulesFile.toString());
  }

  /** The domain tables of rules at a location as {@code SOCKETIO_STREAM_RULES} takes it ({@code classpath:...}). */
  public static List<DomainTable> read(String location) {
    return tables(load(() -> Rules.fromLocation(location)), location);
  }

  private static Rules load(java.util.function.Supplier<Rules> rules) {
    try {
      return rules.get();
    } catch (RuleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static List<DomainTable> tables(Rules rules, String where) {
    if (rules.tables().isEmpty()) {
      throw new IllegalArgumentException(where + ": 'tables' must name each domain table the local stack "
          + "creates and polls, e.g. {\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"}}}");
    }
    return rules.tables();
  }

  /**
   * Creates the table with a {@code NEW_AND_OLD_IMAGES} stream unless it exists; an existing table
   * without a stream gets one. Never drops or changes keys.
   */
  public static void createIfAbsent(DynamoDbClient dynamo, DomainTable table) {
    List<KeySchemaElement> keys = new ArrayList<>();
    List<AttributeDefinition> attributes = new ArrayList<>();
    keys.add(KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build());
    attributes.add(AttributeDefinition.builder().attributeName(table.partitionKey())
        .attributeType(table.partitionKeyType()).build());
    if (table.sortKey() != null) {
      keys.add(KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build());
      attributes.add(AttributeDefinition.builder().attributeName(table.sortKey())
          .attributeType(table.sortKeyType()).build());
    }
    StreamSpecification stream = StreamSpecification.builder().streamEnabled(true)
        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build();
    try {
      dynamo.createTable(b -> b.tableName(table.name()).keySchema(keys).attributeDefinitions(attributes)
          .billingMode(BillingMode.PAY_PER_REQUEST).streamSpecification(stream));
      return;
    } catch (ResourceInUseException exists) {
      // there already: make sure it has a stream
    }
    TableDescription d;
    try {
      d = dynamo.describeTable(b -> b.tableName(table.name())).table();
    } catch (ResourceNotFoundException raced) {
      throw new IllegalStateException("table " + table.name() + " exists and does not", raced);
    }
    StreamSpecification current = d.streamSpecification();
    if (current == null || !Boolean.TRUE.equals(current.streamEnabled())) {
      System.err.println("[local] table " + table.name() + " had no stream: enabling NEW_AND_OLD_IMAGES");
      dynamo.updateTable(b -> b.tableName(table.name()).streamSpecification(stream));
    } else if (current.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
      System.err.println("[local] table " + table.name() + " streams " + current.streamViewTypeAsString()
          + ", not NEW_AND_OLD_IMAGES: rules that read images may see none");
    }
  }
}
