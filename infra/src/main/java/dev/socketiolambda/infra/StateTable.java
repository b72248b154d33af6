package dev.socketiolambda.infra;

import dev.socketiolambda.functions.store.TableDefinitions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.constructs.Construct;

/**
 * Declares CDK tables from the runtime's {@link TableDefinitions}, the same {@code CreateTable}
 * requests the local stack sends, so the deployed schema cannot drift from the one the code and the
 * local stack use. Keys, attribute types, global secondary indexes and billing mode come from the
 * request; TTL and encryption from {@link Options} (the state table's TTL is
 * {@link TableDefinitions#TTL_ATTRIBUTE}).
 */
public final class StateTable {
  private StateTable() {}

  /**
   * Options the CreateTable request does not carry.
   *
   * @param tableName the physical name, or null to let CloudFormation name the table
   * @param ttlAttribute the time-to-live attribute, or null for none
   * @param encryption the server-side encryption, or null for DynamoDB's default (an AWS owned key)
   * @param encryptionKey a customer managed KMS key (encryption then {@code CUSTOMER_MANAGED}), or null
   */
  public record Options(String tableName, RemovalPolicy removalPolicy, boolean pointInTimeRecovery,
      String ttlAttribute, TableEncryption encryption, IKey encryptionKey) {
    /** The state table's options: TTL on {@link TableDefinitions#TTL_ATTRIBUTE}, default encryption. */
    public Options(String tableName, RemovalPolicy removalPolicy, boolean pointInTimeRecovery) {
      this(tableName, removalPolicy, pointInTimeRecovery, TableDefinitions.TTL_ATTRIBUTE, null, null);
    }

    /** Options without a customer managed key. */
    public Options(String tableName, RemovalPolicy removalPolicy, boolean pointInTimeRecovery,
        String ttlAttribute, TableEncryption encryption) {
      this(tableName, removalPolicy, pointInTimeRecovery, ttlAttribute, encryption, null);
    }

    /** The same options encrypted with {@code key} (customer managed), or unchanged when it is null. */
    public Options withEncryptionKey(IKey key) {
      return key == null ? this : new Options(tableName, removalPolicy, pointInTimeRecovery, ttlAttribute,
          TableEncryption.CUSTOMER_MANAGED, key);
    }
  }

  /** The runtime's state table, built from {@link TableDefinitions#stateTable(String)}. */
  public static Table create(Construct scope, String id, Options options) {
    return fromDefinition(scope, id, TableDefinitions.stateTable(TableDefinitions.DEFAULT_TABLE_NAME), options);
  }

  /**
   * A CDK table from a CreateTable request. The request's table name is ignored (CloudFormation
   * names the table unless {@code options.tableName()} is set).
   */
  public static Table fromDefinition(Construct scope, String id, CreateTableRequest def, Options options) {
    Map<String, ScalarAttributeType> types = def.attributeDefinitions().stream()
        .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeType));
    if (def.hasLocalSecondaryIndexes() && !def.localSecondaryIndexes().isEmpty()) {
      throw new IllegalArgumentException("table " + def.tableName() + ": local secondary indexes are not mapped yet");
    }
    if (def.streamSpecification() != null) {
      throw new IllegalArgumentException("table " + def.tableName() + ": stream specifications are not mapped yet");
    }
    TableProps.Builder props = TableProps.builder()
        .partitionKey(key(def.tableName(), def.keySchema(), KeyType.HASH, types))
        .billingMode(billing(def))
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(options.pointInTimeRecovery()).build())
        .removalPolicy(options.removalPolicy());
    Attribute sort = keyOrNull(def.tableName(), def.keySchema(), KeyType.RANGE, types);
    if (sort != null) {
      props.sortKey(sort);
    }
    if (options.tableName() != null) {
      props.tableName(options.tableName());
    }
    if (options.ttlAttribute() != null) {
      props.timeToLiveAttribute(options.ttlAttribute());
    }
    if (options.encryption() != null) {
      props.encryption(options.encryption());
    }
    if (options.encryptionKey() != null) {
      props.encryptionKey(options.encryptionKey());
    }
    Table table = new Table(scope, id, props.build());
    if (def.hasGlobalSecondaryIndexes()) {
      for (GlobalSecondaryIndex gsi : def.globalSecondaryIndexes()) {
        String where = def.tableName() + " index " + gsi.indexName();
        GlobalSecondaryIndexProps.Builder index = GlobalSecondaryIndexProps.builder()
            .indexName(gsi.indexName())
            .partitionKey(key(where, gsi.keySchema(), KeyType.HASH, types));
        Attribute gsiSort = keyOrNull(where, gsi.keySchema(), KeyType.RANGE, types);
        if (gsiSort != null) {
          index.sortKey(gsiSort);
        }
        projection(where, gsi.projection(), index);
        table.addGlobalSecondaryIndex(index.build());
      }
    }
    return table;
  }

  private static BillingMode billing(CreateTableRequest def) {
    if (def.billingMode() == null
        || def.billingMode() == software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST) {
      return BillingMode.PAY_PER_REQUEST;
    }
    throw new IllegalArgumentException("table " + def.tableName() + ": only on-demand billing is mapped, was "
        + def.billingMode());
  }

  private static void projection(String where, Projection p, GlobalSecondaryIndexProps.Builder index) {
    switch (p == null || p.projectionType() == null
        ? software.amazon.awssdk.services.dynamodb.model.ProjectionType.ALL : p.projectionType()) {
      case KEYS_ONLY -> index.projectionType(ProjectionType.KEYS_ONLY);
      case ALL -> index.projectionType(ProjectionType.ALL);
      case INCLUDE -> index.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(p.nonKeyAttributes());
      default -> throw new IllegalArgumentException(where + ": unknown projection " + p);
    }
  }

  private static Attribute key(String where, List<KeySchemaElement> schema, KeyType type,
      Map<String, ScalarAttributeType> types) {
    Attribute a = keyOrNull(where, schema, type, types);
    if (a == null) {
      throw new IllegalArgumentException(where + ": no " + type + " key");
    }
    return a;
  }

  private static Attribute keyOrNull(String where, List<KeySchemaElement> schema, KeyType type,
      Map<String, ScalarAttributeType> types) {
    return schema.stream().filter(k -> k.keyType() == type).findFirst()
        .map(k -> Attribute.builder().name(k.attributeName()).type(attributeType(where, k.attributeName(), types))
            .build())
        .orElse(null);
  }

  private static AttributeType attributeType(String where, String name, Map<String, ScalarAttributeType> types) {
    ScalarAttributeType t = types.get(name);
    if (t == null) {
      throw new IllegalArgumentException(where + ": key attribute " + name + " has no attribute definition");
    }
    return switch (t) {
      case S -> AttributeType.STRING;
      case N -> AttributeType.NUMBER;
      case B -> AttributeType.BINARY;
      default -> throw new IllegalArgumentException(where + ": unknown attribute type " + t + " of " + name);
    };
  }
}
