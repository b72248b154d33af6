package dev.socketiolambda.functions.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading API Gateway WebSocket events and writing Lambda proxy responses, without reflection. */
final class Events {
  private Events() {}

  static JsonNode read(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
    in.transferTo(buf);
    return Json.parse(buf.toString(StandardCharsets.UTF_8));
  }

  static void respond(OutputStream out, int status, String body) throws IOException {
    ObjectNode r = Json.object().put("statusCode", status);
    if (body != null) {
      r.put("body", body);
    }
    out.write(Json.write(r).getBytes(StandardCharsets.UTF_8));
  }

  static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n.isValueNode() ? n.asText() : null;
  }

  static Map<String, String> headers(JsonNode event) {
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = event.path("headers").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
    }
    return out;
  }

  static Map<String, List<String>> query(JsonNode event) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> multi = event.path("multiValueQueryStringParameters").fields();
    while (multi.hasNext()) {
      Map.Entry<String, JsonNode> e = multi.next();
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      out.put(e.getKey(), List.copyOf(values));
    }
    if (out.isEmpty()) {
      Iterator<Map.Entry<String, JsonNode>> single = event.path("queryStringParameters").fields();
      while (single.hasNext()) {
        Map.Entry<String, JsonNode> e = single.next();
        out.put(e.getKey(), List.of(e.getValue().asText()));
      }
    }
    return out;
  }
}
