package dev.socketiolambda.functions.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.server.Args;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a verified token speaks for: the user id, the roles, when the token expires and its claims
 * (string, number, boolean and string-array values).
 */
public record Principal(String userId, Set<String> roles, Instant expiresAt, Map<String, Object> claims) {

  public Principal {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("a principal needs a user id");
    }
    roles = Set.copyOf(new LinkedHashSet<>(roles));
    claims = Map.copyOf(claims);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** A claim as text (strings, numbers, booleans), or null when absent or not a scalar. */
  public String claim(String name) {
    Object v = claims.get(name);
    return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : null;
  }

  /**
   * The values a room template's {@code {name}} may take: {@code userId} is the user id,
   * {@code roles} each role, any other name the claim's text or each string of an array claim.
   */
  public List<String> values(String name) {
    if ("userId".equals(name)) {
      return List.of(userId);
    }
    if ("roles".equals(name)) {
      return List.copyOf(roles);
    }
    Object v = claims.get(name);
    if (v instanceof Collection<?> c) {
      List<String> out = new ArrayList<>();
      c.forEach(e -> out.add(String.valueOf(e)));
      return out;
    }
    String s = claim(name);
    return s == null ? List.of() : List.of(s);
  }

  /**
   * The principal as kept in {@code socket.data}: user id, roles, expiry and only the named claims
   * (never the token, nor claims nobody asked for).
   */
  public ObjectNode toData(Collection<String> keptClaims) {
    ObjectNode data = Json.object().put("userId", userId);
    ArrayNode r = data.putArray("roles");
    roles.forEach(r::add);
    data.put("expiresAt", expiresAt.getEpochSecond());
    ObjectNode kept = data.putObject("claims");
    for (String name : keptClaims) {
      if (claims.containsKey(name)) {
        kept.set(name, Args.toNode(claims.get(name)));
      }
    }
    return data;
  }

  /** The principal {@link #toData} wrote, or null when {@code data} is not one. */
  public static Principal fromData(JsonNode data) {
    if (data == null || !data.path("userId").isTextual() || !data.path("expiresAt").isNumber()) {
      return null;
    }
    Set<String> roles = new LinkedHashSet<>();
    data.path("roles").forEach(r -> roles.add(r.asText()));
    Map<String, Object> claims = new LinkedHashMap<>();
    data.path("claims").fields().forEachRemaining(e -> claims.put(e.getKey(), plain(e.getValue())));
    return new Principal(data.get("userId").textValue(), roles,
        Instant.ofEpochSecond(data.get("expiresAt").asLong()), claims);
  }

  private static Object plain(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    } else if (v.isBoolean()) {
      return v.booleanValue();
    } else if (v.isIntegralNumber()) {
      return v.longValue();
    } else if (v.isNumber()) {
      return v.doubleValue();
    } else if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(e -> out.add(plain(e)));
      return out;
    }
    return Json.write(v); // objects are kept as their JSON text
  }
}
