package dev.socketiolambda.functions.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard as JSON, the body of its SQS message:
 * {@code {"id":..,"connectionIds":[..],"frames":[..],"volatile":b,"eventId":..}}.
 */
public final class ShardCodec {
  private ShardCodec() {}

  public static String write(Shard shard) {
    ObjectNode o = Json.object();
    if (shard.id() != null) {
      o.put("id", shard.id());
    }
    ArrayNode ids = o.putArray("connectionIds");
    shard.connectionIds().forEach(ids::add);
    ArrayNode frames = o.putArray("frames");
    shard.frames().forEach(frames::add);
    o.put("volatile", shard.volatileEmit());
    if (shard.eventId() != null) {
      o.put("eventId", shard.eventId());
    }
    return Json.write(o);
  }

  /** UTF-8 bytes of the body {@link #write} gives. */
  public static long bytes(Shard shard) {
    return SizeLimits.utf8Length(write(shard));
  }

  /** UTF-8 bytes one more connection id adds to a body: the quoted, escaped id and a comma. */
  static long idBytes(String connectionId) {
    return SizeLimits.utf8Length(Json.write(TextNode.valueOf(connectionId))) + 1;
  }

  public static Shard read(String body) {
    JsonNode n = Json.parse(body);
    if (!n.path("connectionIds").isArray() || !n.path("frames").isArray() || n.path("frames").isEmpty()) {
      throw new IllegalArgumentException("not a fan-out shard: needs connectionIds and frames arrays");
    }
    List<String> ids = new ArrayList<>();
    n.get("connectionIds").forEach(v -> ids.add(v.asText()));
    List<String> frames = new ArrayList<>();
    n.get("frames").forEach(v -> frames.add(v.asText()));
    return new Shard(text(n.get("id")), ids, frames, n.path("volatile").asBoolean(false), text(n.get("eventId")));
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
