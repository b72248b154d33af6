package dev.socketiolambda.functions.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;

/** A shard as JSON, the body of its SQS message: {@code {"connectionIds":[..],"frames":[..],"volatile":b,"eventId":..}}. */
public final class ShardCodec {
  private ShardCodec() {}

  public static String write(Shard shard) {
    ObjectNode o = Json.object();
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

  public static Shard read(String body) {
    JsonNode n = Json.parse(body);
    if (!n.path("connectionIds").isArray() || !n.path("frames").isArray() || n.path("frames").isEmpty()) {
      throw new IllegalArgumentException("not a fan-out shard: needs connectionIds and frames arrays");
    }
    List<String> ids = new ArrayList<>();
    n.get("connectionIds").forEach(v -> ids.add(v.asText()));
    List<String> frames = new ArrayList<>();
    n.get("frames").forEach(v -> frames.add(v.asText()));
    JsonNode eventId = n.get("eventId");
    return new Shard(ids, frames, n.path("volatile").asBoolean(false),
        eventId == null || eventId.isNull() ? null : eventId.asText());
  }
}
