package dev.socketiolambda.local.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.DynamoJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The JSON Lambda hands a function subscribed to a DynamoDB stream, built from the records the
 * DynamoDB Streams API returns, and the reading of the function's answer.
 *
 * <pre>{@code
 * {"Records":[{"eventID":"..","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
 *   "awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":1700000000,"Keys":{..},
 *   "NewImage":{..},"OldImage":{..},"SequenceNumber":"..","SizeBytes":42,
 *   "StreamViewType":"NEW_AND_OLD_IMAGES"},
 *   "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2024-01-01T00:00:00.000"}]}
 * }</pre>
 *
 * <p>Attribute values are DynamoDB JSON: {@code S}, {@code N} (a string), {@code B} (base64),
 * {@code BOOL}, {@code NULL}, {@code M}, {@code L}, {@code SS}, {@code NS}, {@code BS}.
 */
public final class StreamEvents {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private StreamEvents() {}

  /** {@code arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/stream/LABEL}. */
  public static String streamArn(String region, String accountId, String table, String streamLabel) {
    return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table + "/stream/" + streamLabel;
  }

  /** One record of the event, in the order and shape Lambda writes it. */
  public static ObjectNode record(Record r, String region, String eventSourceArn) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("eventID", r.eventID());
    out.put("eventName", r.eventNameAsString());
    out.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
    out.put("eventSource", "aws:dynamodb");
    out.put("awsRegion", region);
    StreamRecord s = r.dynamodb();
    ObjectNode d = out.putObject("dynamodb");
    if (s.approximateCreationDateTime() != null) {
      d.put("ApproximateCreationDateTime", s.approximateCreationDateTime().getEpochSecond());
    }
    if (s.hasKeys()) {
      d.set("Keys", item(s.keys()));
    }
    if (s.hasNewImage()) {
      d.set("NewImage", item(s.newImage()));
    }
    if (s.hasOldImage()) {
      d.set("OldImage", item(s.oldImage()));
    }
    d.put("SequenceNumber", s.sequenceNumber());
    if (s.sizeBytes() != null) {
      d.put("SizeBytes", s.sizeBytes());
    }
    if (s.streamViewType() != null) {
      d.put("StreamViewType", s.streamViewTypeAsString());
    }
    if (r.userIdentity() != null) { // TTL deletions
      ObjectNode identity = out.putObject("userIdentity");
      identity.put("type", r.userIdentity().type());
      identity.put("principalId", r.userIdentity().principalId());
    }
    out.put("eventSourceARN", eventSourceArn);
    return out;
  }

  /** {@code {"Records":[...]}} of these records. */
  public static String event(List<ObjectNode> records) {
    ObjectNode event = MAPPER.createObjectNode();
    ArrayNode array = event.putArray("Records");
    records.forEach(array::add);
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An item ({@code {"attr":{"S":"x"},..}}) as DynamoDB JSON: the stream function's own converter. */
  public static ObjectNode item(Map<String, AttributeValue> item) {
    return DynamoJson.fromSdk(item);
  }

  /** One attribute value as DynamoDB JSON: {@code {"S":"x"}}, {@code {"N":"1"}}, {@code {"M":{..}}}... */
  public static ObjectNode attributeValue(AttributeValue v) {
    return DynamoJson.fromSdk(v);
  }

  /** Seconds since the epoch of a record's approximate creation time, or null. */
  static Instant created(Record r) {
    return r.dynamodb() == null ? null : r.dynamodb().approximateCreationDateTime();
  }

  /**
   * What the function's answer means for a batch whose records have these sequence numbers.
   *
   * <ul>
   *   <li>blank, {@code null}, an object without {@code batchItemFailures}, or with a null or empty
   *       list: success (as Lambda reads {@code ReportBatchItemFailures} responses);
   *   <li>{@code batchItemFailures} naming sequence numbers of the batch: partial failure, the
   *       batch is checkpointed before the lowest one;
   *   <li>an entry whose {@code itemIdentifier} is missing, null, empty or not a sequence number of
   *       the batch, a {@code batchItemFailures} that is not a list, or an answer that is not JSON
   *       or not an object: the whole batch failed.
   * </ul>
   */
  static Outcome outcome(String response, List<String> sequenceNumbers, boolean reportBatchItemFailures) {
    if (!reportBatchItemFailures || response == null || response.isBlank()) {
      return Outcome.SUCCESS;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(response);
    } catch (JsonProcessingException e) {
      return Outcome.error("the function's response is not JSON: " + abbreviate(response));
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return Outcome.SUCCESS;
    }
    if (!root.isObject()) {
      return Outcome.error("the function's response is not a JSON object: " + abbreviate(response));
    }
    JsonNode failures = root.get("batchItemFailures");
    if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
      return Outcome.SUCCESS;
    }
    if (!failures.isArray()) {
      return Outcome.error("batchItemFailures is not a list: " + abbreviate(response));
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < sequenceNumbers.size(); i++) {
      index.put(sequenceNumbers.get(i), i);
    }
    int lowest = Integer.MAX_VALUE;
    List<String> failed = new ArrayList<>();
    for (JsonNode f : failures) {
      JsonNode id = f == null ? null : f.get("itemIdentifier");
      if (id == null || !id.isTextual() || id.asText().isEmpty()) {
        return Outcome.error("a batchItemFailures entry has no itemIdentifier: " + abbreviate(response));
      }
      Integer at = index.get(id.asText());
      if (at == null) {
        return Outcome.error("itemIdentifier " + id.asText() + " is not the SequenceNumber of a record of the batch");
      }
      failed.add(id.asText());
      lowest = Math.min(lowest, at);
    }
    return new Outcome(Outcome.Kind.PARTIAL, lowest, List.copyOf(failed), null);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** The reading of one invocation. */
  record Outcome(Kind kind, int firstFailed, List<String> failedSequenceNumbers, String error) {
    static final Outcome SUCCESS = new Outcome(Kind.SUCCESS, -1, List.of(), null);

    enum Kind { SUCCESS, PARTIAL, ERROR }

    static Outcome error(String why) {
      return new Outcome(Kind.ERROR, -1, List.of(), why);
    }
  }
}
