package dev.socketiolambda.functions.stream;

import java.util.Objects;
import java.util.Set;

/**
 * A domain table described in a rule file's {@code tables} section, so a local stack can create
 * it (with a NEW_AND_OLD_IMAGES stream).
 *
 * @param name table name
 * @param partitionKey partition key attribute
 * @param sortKey sort key attribute, or null
 * @param partitionKeyType {@code S}, {@code N} or {@code B}
 * @param sortKeyType {@code S}, {@code N} or {@code B}, or null without a sort key
 */
public record DomainTable(String name, String partitionKey, String sortKey, String partitionKeyType,
    String sortKeyType) {
  private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");

  public DomainTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(partitionKey, "partitionKey");
    partitionKeyType = partitionKeyType == null ? "S" : partitionKeyType;
    sortKeyType = sortKey == null ? null : sortKeyType == null ? "S" : sortKeyType;
    if (!KEY_TYPES.contains(partitionKeyType) || (sortKeyType != null && !KEY_TYPES.contains(sortKeyType))) {
      throw new IllegalArgumentException("key types are S, N or B");
    }
  }

  /** A table whose keys are strings. */
  public DomainTable(String name, String partitionKey, String sortKey) {
    this(name, partitionKey, sortKey, "S", sortKey == null ? null : "S");
  }
}
