package dev.socketiolambda.functions.store;

/** Key layout of the state table, shared by the DynamoDB and in-memory stores. */
final class Keys {
  static final String CONNECTION_SK = "#conn";

  private Keys() {}

  static String connectionPk(String connectionId) {
    return "C#" + connectionId;
  }

  static String socketSk(String namespace) {
    return "S#" + namespace;
  }

  static String ackSk(long ackId) {
    return "A#" + ackId;
  }

  /** Sort key of a binary part: sorts by the time the frame arrived, then by the order parts were stored. */
  static String binarySk(BinaryPart part) {
    return String.format("B#%015d#%012d", part.receivedAt(), part.seq());
  }

  /** Room partition key; the namespace length keeps names containing separators unambiguous. */
  static String roomPk(String namespace, String room) {
    return "R#" + namespace.length() + ":" + namespace + room;
  }

  /** A counter bucket ({@link StateStore#addCounts}): {@code N#<bucket>} / {@value #COUNTS_SK}. */
  static String countsPk(String bucket) {
    return "N#" + bucket;
  }

  static final String COUNTS_SK = "#counts";

  static String connectionIdOf(String pk) {
    return pk.substring(2);
  }

  /** The heartbeat bucket of a due time: {@code b#<bucket>#<shard>}. */
  static String bucket(long dueAt, long bucketMs, String connectionId, int shards) {
    return bucketKey(Math.floorDiv(dueAt, bucketMs), Math.floorMod(connectionId.hashCode(), shards));
  }

  static String bucketKey(long bucket, int shard) {
    return "b#" + bucket + "#" + shard;
  }
}
