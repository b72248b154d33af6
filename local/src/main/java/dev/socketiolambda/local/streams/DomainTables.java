package dev.socketiolambda.local.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The domain tables a stream rules file declares, and their creation in a local DynamoDB. Reads
 * only the {@code tables} section (the stream function validates the rest):
 * <pre>{@code
 * {"tables": {"orders": {"partitionKey": "orderId"}, "messages": {"partitionKey": "roomId", "sortKey": "sentAt"}}, ...}
 * }</pre>
 * Key types default to strings; {@code partitionKeyType}/{@code sortKeyType} may say {@code S},
 * {@code N} or {@code B} (the stream rules' format, docs/stream-rules.md).
 */
public final class DomainTables {
  private DomainTables() {}

  /**
   * A domain table.
   *
   * @param name table name (3..255 characters)
   * @param partitionKey partition key attribute
   * @param sortKey sort key attribute, or null
   * @param partitionKeyType S, N or B
   * @param sortKeyType S, N or B (ignored without a sort key)
   */
  public record Table(String name, String partitionKey, String sortKey, ScalarAttributeType partitionKeyType,
      ScalarAttributeType sortKeyType) {
    public Table {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(partitionKey, "partitionKey");
      if (name.length() < 3 || name.length() > 255 || !name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("table name '" + name + "' is not a DynamoDB table name"
            + " (3 to 255 characters among letters, digits, _ . -)");
      }
      partitionKeyType = partitionKeyType == null ? ScalarAttributeType.S : partitionKeyType;
      sortKeyType = sortKeyType == null ? ScalarAttributeType.S : sortKeyType;
    }

    /** A table with string keys. */
    public Table(String name, String partitionKey, String sortKey) {
      this(name, partitionKey, sortKey, ScalarAttributeType.S, ScalarAttributeType.S);
    }
  }

  /** The tables of a rules file; a clear {@link IllegalArgumentException} when the section is missing or wrong. */
  public static List<Table> read(Path rulesFile) {
    String text;
    try {
      text = Files.readString(rulesFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the stream rules file " + rulesFile + ": " + e, e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stream rules file " + rulesFile + ": " + e.getMessage(), e);
    }
  }

  /** The tables of a rules document (JSON). */
  public static List<Table> parse(String json) {
    JsonNode root;
    try {
      root = StreamEvents.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the rules must be a JSON object");
    }
    JsonNode tables = root.get("tables");
    if (tables == null || !tables.isObject() || tables.isEmpty()) {
      throw new IllegalArgumentException("'tables' must be an object naming each domain table, e.g. "
          + "{\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"}}}");
    }
    List<Table> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = tables.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode t = e.getValue();
      if (t == null || !t.isObject()) {
        throw new IllegalArgumentException("tables." + name + " must be an object with a partitionKey");
      }
      JsonNode pk = t.get("partitionKey");
      if (pk == null || !pk.isTextual() || pk.asText().isEmpty()) {
        throw new IllegalArgumentException("tables." + name + ".partitionKey must be an attribute name");
      }
      JsonNode sk = t.get("sortKey");
      if (sk != null && !sk.isNull() && (!sk.isTextual() || sk.asText().isEmpty())) {
        throw new IllegalArgumentException("tables." + name + ".sortKey must be an attribute name when present");
      }
      ScalarAttributeType pkType = keyType(name, "partitionKeyType", t.get("partitionKeyType"));
      ScalarAttributeType skType = keyType(name, "sortKeyType", t.get("sortKeyType"));
      try {
        out.add(new Table(name, pk.asText(), sk == null || sk.isNull() ? null : sk.asText(), pkType, skType));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("tables." + name + ": " + bad.getMessage(), bad);
      }
    }
    return List.copyOf(out);
  }

  private static ScalarAttributeType keyType(String table, String field, JsonNode v) {
    if (v == null || v.isNull()) {
      return ScalarAttributeType.S;
    }
    String text = v.isTextual() ? v.asText() : "";
    return switch (text) {
      case "S" -> ScalarAttributeType.S;
      case "N" -> ScalarAttributeType.N;
      case "B" -> ScalarAttributeType.B;
      default -> throw new IllegalArgumentException("tables." + table + "." + field + " must be S, N or B, was " + v);
    };
  }

  /**
   * Creates the table with a {@code NEW_AND_OLD_IMAGES} stream unless it exists; an existing table
   * without a stream gets one. Never drops or changes keys.
   */
  public static void createIfAbsent(DynamoDbClient dynamo, Table table) {
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
