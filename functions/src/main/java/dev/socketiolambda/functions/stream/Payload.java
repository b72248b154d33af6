package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code payload} of a rule: which attributes of the item, under which names, in which envelope.
 *
 * @param attributes the paths to keep (nested paths keep their nesting), or null for the whole item
 * @param rename top-level key -> new key, applied after the projection
 * @param envelope the envelope, or null to send the data as it is
 */
record Payload(List<AttributePath> attributes, Map<String, String> rename, Envelope envelope) {

  static final Payload WHOLE_ITEM = new Payload(null, Map.of(), null);

  /** JavaScript's {@code Date.prototype.toISOString}: UTC, always milliseconds. */
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * Wraps the data as {@code {type, id?, data, timestamp}}.
   *
   * @param type the {@code type} value
   * @param includeId whether {@code id} (the broadcast's event id) is included
   */
  record Envelope(String type, boolean includeId) {}

  /** Builds the event argument for a record; {@code now} stands in when the record has no creation time. */
  JsonNode build(StreamRecord record, String eventId, Instant now) {
    ObjectNode data = project(record.item());
    if (envelope == null) {
      return data;
    }
    ObjectNode out = Json.object();
    out.put("type", envelope.type());
    if (envelope.includeId()) {
      out.put("id", eventId);
    }
    out.set("data", data);
    Instant at = record.approximateCreationDateTime() != null ? record.approximateCreationDateTime() : now;
    out.put("timestamp", ISO_MILLIS.format(at));
    return out;
  }

  private ObjectNode project(ObjectNode item) {
    ObjectNode projected;
    if (attributes == null) {
      projected = item.deepCopy();
    } else {
      projected = Json.object();
      for (AttributePath p : attributes) {
        JsonNode v = p.resolve(item);
        if (v.isMissingNode()) {
          continue; // like undefined in JavaScript: left out
        }
        ObjectNode parent = projected;
        List<String> segments = p.segments();
        for (int i = 0; i < segments.size() - 1; i++) {
          JsonNode child = parent.get(segments.get(i));
          parent = child instanceof ObjectNode o ? o : parent.putObject(segments.get(i));
        }
        parent.set(segments.get(segments.size() - 1), v.deepCopy());
      }
    }
    if (rename.isEmpty()) {
      return projected;
    }
    ObjectNode out = Json.object();
    Iterator<Map.Entry<String, JsonNode>> it = projected.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(rename.getOrDefault(e.getKey(), e.getKey()), e.getValue());
    }
    return out;
  }
}
