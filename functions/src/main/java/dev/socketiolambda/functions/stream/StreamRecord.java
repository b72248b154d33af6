package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One DynamoDB Streams record of a Lambda event, with its images converted to plain JSON by
 * {@link DynamoJson}.
 *
 * @param eventId the record's {@code eventID} (unique per record, the same on every retry), or null
 * @param eventName what happened to the item
 * @param tableName the table, read from {@code eventSourceARN}
 *     ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}), or null when there is none
 * @param sequenceNumber the record's {@code SequenceNumber}: the {@code itemIdentifier} of a batch item failure
 * @param approximateCreationDateTime when the change happened (second precision on AWS), or null
 * @param keys the item's key attributes
 * @param newImage the item after the change, or null (REMOVE, or a stream without new images)
 * @param oldImage the item before the change, or null (INSERT, or a stream without old images)
 * @param eventSourceArn the stream ARN, or null
 * @param streamViewType {@code NEW_AND_OLD_IMAGES}, {@code NEW_IMAGE}, {@code OLD_IMAGE}, {@code KEYS_ONLY}, or null
 * @param ttlDelete whether DynamoDB itself removed the item because its TTL expired
 *     ({@code userIdentity} {@code {"type":"Service","principalId":"dynamodb.amazonaws.com"}})
 */
public record StreamRecord(
    String eventId, EventName eventName, String tableName, String sequenceNumber, Instant approximateCreationDateTime,
    ObjectNode keys, ObjectNode newImage, ObjectNode oldImage, String eventSourceArn, String streamViewType,
    boolean ttlDelete) {

  /** The change a stream record reports. */
  public enum EventName {
    INSERT, MODIFY, REMOVE
  }

  public StreamRecord {
    if (eventName == null) {
      throw new IllegalArgumentException("eventName is required");
    }
    if (sequenceNumber == null || sequenceNumber.isEmpty()) {
      throw new IllegalArgumentException("sequenceNumber is required");
    }
    if (keys == null) {
      keys = Json.object();
    }
  }

  /**
   * Parses one element of an event's {@code Records} array.
   *
   * @throws StreamEventException when it lacks the documented fields or holds malformed values
   */
  public static StreamRecord parse(JsonNode record) {
    if (record == null || !record.isObject()) {
      throw new StreamEventException("a stream record must be an object");
    }
    JsonNode ddb = record.path("dynamodb");
    if (!ddb.isObject()) {
      throw new StreamEventException("stream record has no 'dynamodb' object");
    }
    String sequenceNumber = text(ddb, "SequenceNumber");
    if (sequenceNumber == null || sequenceNumber.isEmpty()) {
      throw new StreamEventException("stream record has no 'dynamodb.SequenceNumber'");
    }
    String name = text(record, "eventName");
    EventName eventName;
    try {
      eventName = EventName.valueOf(name == null ? "" : name);
    } catch (IllegalArgumentException e) {
      throw new StreamEventException("stream record " + sequenceNumber + ": eventName must be INSERT, MODIFY or "
          + "REMOVE, was " + (name == null ? "missing" : "'" + name + "'"));
    }
    String arn = text(record, "eventSourceARN");
    try {
      JsonNode identity = record.path("userIdentity");
      boolean ttl = "Service".equals(identity.path("type").asText(null))
          && "dynamodb.amazonaws.com".equals(identity.path("principalId").asText(null));
      return new StreamRecord(
          text(record, "eventID"), eventName, tableNameFromArn(arn), sequenceNumber,
          creationTime(ddb.path("ApproximateCreationDateTime")),
          ddb.has("Keys") ? DynamoJson.toPlainItem(ddb.get("Keys")) : null,
          image(ddb, "NewImage"), image(ddb, "OldImage"), arn, text(ddb, "StreamViewType"), ttl);
    } catch (StreamEventException e) {
      throw new StreamEventException("stream record " + sequenceNumber + ": " + e.getMessage(), e);
    }
  }

  /**
   * The table name in a DynamoDB stream ARN
   * ({@code arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000}), or
   * null when the ARN has no {@code table/} part.
   */
  public static String tableNameFromArn(String arn) {
    if (arn == null) {
      return null;
    }
    int start = arn.indexOf(":table/");
    if (start < 0) {
      return null;
    }
    start += ":table/".length();
    int end = arn.indexOf('/', start);
    String name = end < 0 ? arn.substring(start) : arn.substring(start, end);
    return name.isEmpty() ? null : name;
  }

  /**
   * The item the change is about: the new image, or the old one for REMOVE; the keys when the
   * stream carries no such image ({@code KEYS_ONLY}).
   */
  public ObjectNode item() {
    ObjectNode image = eventName == EventName.REMOVE ? oldImage : newImage;
    if (image == null) {
      image = eventName == EventName.REMOVE ? newImage : oldImage;
    }
    return image != null ? image : keys;
  }

  /**
   * The record's identity across retries: its {@code eventID}, or {@code table:SequenceNumber}
   * when the event has none. Broadcast event ids are derived from it.
   */
  public String eventKey() {
    if (eventId != null && !eventId.isEmpty()) {
      return eventId;
    }
    return (tableName == null ? "stream" : tableName) + ":" + sequenceNumber;
  }

  /** The event id of the broadcast a rule or hook named {@code name} makes from this record. */
  public String broadcastId(String name) {
    return eventKey() + "/" + name;
  }

  private static ObjectNode image(JsonNode ddb, String field) {
    JsonNode image = ddb.get(field);
    return image == null || image.isNull() ? null : DynamoJson.toPlainItem(image);
  }

  private static Instant creationTime(JsonNode v) {
    try {
      if (v.isNumber() || v.isTextual()) {
        BigDecimal seconds = new BigDecimal(v.asText().trim());
        // AWS sends epoch seconds, sometimes with a fraction (1693997155.0)
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new StreamEventException("ApproximateCreationDateTime must be epoch seconds, was " + v);
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
  }
}
