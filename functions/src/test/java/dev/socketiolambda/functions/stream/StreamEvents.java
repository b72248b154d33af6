package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Lambda DynamoDB Streams events for tests, in the documented shape: items are written as plain
 * JSON and converted to DynamoDB JSON (strings S, numbers N, booleans BOOL, null NULL, objects M,
 * arrays L).
 *
 * <pre>{@code
 * String event = StreamEvents.event(
 *     StreamEvents.modify("orders", "100").keys("{\"orderId\":\"o1\"}")
 *         .oldImage("{\"orderId\":\"o1\",\"status\":\"placed\"}")
 *         .newImage("{\"orderId\":\"o1\",\"status\":\"preparing\"}"));
 * }</pre>
 */
final class StreamEvents {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "123456789012";
  static final long CREATED = 1_700_000_000L; // 2023-11-14T22:13:20Z

  private StreamEvents() {}

  static Record insert(String table, String seq) {
    return new Record(table, EventName.INSERT, seq);
  }

  static Record modify(String table, String seq) {
    return new Record(table, EventName.MODIFY, seq);
  }

  static Record remove(String table, String seq) {
    return new Record(table, EventName.REMOVE, seq);
  }

  /** A whole event of these records. */
  static String event(Record... records) {
    ObjectNode e = Json.object();
    ArrayNode a = e.putArray("Records");
    for (Record r : records) {
      a.add(r.node());
    }
    return Json.write(e);
  }

  static String arn(String table) {
    return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table + "/stream/2024-01-01T00:00:00.000";
  }

  /** Plain JSON as DynamoDB JSON. */
  static ObjectNode toDynamoItem(JsonNode plain) {
    ObjectNode out = Json.object();
    Iterator<Map.Entry<String, JsonNode>> it = plain.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), toDynamo(e.getValue()));
    }
    return out;
  }

  static ObjectNode toDynamo(JsonNode v) {
    ObjectNode out = Json.object();
    switch (v.getNodeType()) {
      case STRING -> out.put("S", v.textValue());
      case NUMBER -> out.put("N", v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
      case BOOLEAN -> out.put("BOOL", v.booleanValue());
      case NULL -> out.put("NULL", true);
      case OBJECT -> out.set("M", toDynamoItem(v));
      case ARRAY -> {
        ArrayNode l = out.putArray("L");
        v.forEach(x -> l.add(toDynamo(x)));
      }
      default -> throw new IllegalArgumentException("no DynamoDB type for " + v);
    }
    return out;
  }

  static String resource(String name) {
    try (InputStream in = StreamEvents.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One record being built. */
  static final class Record {
    private final String table;
    private final EventName name;
    private final String seq;
    private String eventId;
    private JsonNode keys;
    private JsonNode newImage;
    private JsonNode oldImage;
    private Long created = CREATED;
    private boolean ttl;

    Record(String table, EventName name, String seq) {
      this.table = table;
      this.name = name;
      this.seq = seq;
      this.eventId = "ev-" + seq;
    }

    Record eventId(String id) {
      this.eventId = id;
      return this;
    }

    Record keys(String json) {
      this.keys = Json.parse(json);
      return this;
    }

    Record newImage(String json) {
      this.newImage = Json.parse(json);
      return this;
    }

    Record oldImage(String json) {
      this.oldImage = Json.parse(json);
      return this;
    }

    /** Both images: the old one, and the new one as the old one with these attributes set. */
    Record change(String oldJson, String changes) {
      ObjectNode before = (ObjectNode) Json.parse(oldJson);
      ObjectNode after = before.deepCopy();
      after.setAll((ObjectNode) Json.parse(changes));
      this.oldImage = before;
      this.newImage = after;
      return this;
    }

    Record created(Long epochSeconds) {
      this.created = epochSeconds;
      return this;
    }

    Record ttl() {
      this.ttl = true;
      return this;
    }

    ObjectNode node() {
      ObjectNode r = Json.object();
      if (eventId != null) {
        r.put("eventID", eventId);
      }
      r.put("eventName", name.name());
      r.put("eventVersion", "1.1");
      r.put("eventSource", "aws:dynamodb");
      r.put("awsRegion", REGION);
      ObjectNode d = r.putObject("dynamodb");
      if (created != null) {
        d.put("ApproximateCreationDateTime", created);
      }
      JsonNode k = keys != null ? keys : Json.object();
      d.set("Keys", toDynamoItem(k));
      if (newImage != null) {
        d.set("NewImage", toDynamoItem(newImage));
      }
      if (oldImage != null) {
        d.set("OldImage", toDynamoItem(oldImage));
      }
      d.put("SequenceNumber", seq);
      d.put("SizeBytes", 100);
      d.put("StreamViewType", "NEW_AND_OLD_IMAGES");
      r.put("eventSourceARN", arn(table));
      if (ttl) {
        r.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
      }
      return r;
    }

    StreamRecord parsed() {
      return StreamRecord.parse(node());
    }
  }
}
