package dev.socketiolambda.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The payloads of the seed's client events, validated: every method returns a valid value or throws
 * {@link OrdersError} {@code VALIDATION} naming the field.
 */
final class SocketInput {
  /** Order, user and agent ids: letters, digits, '-', '_', '.', 1 to 64 characters. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  /** Fastest plausible speed of a delivery vehicle, m/s (540 km/h: anything above is a broken sensor). */
  static final double MAX_SPEED = 150;

  private SocketInput() {}

  /** A validated location report ({@code speed}, {@code heading} null when unknown). */
  record Location(String orderId, double latitude, double longitude, Double speed, Double heading) {}

  /** {@code register}'s {@code {userId, role}}; either may be absent (then the token's values count). */
  record Registration(String userId, String role) {}

  static Registration registration(List<JsonNode> args) {
    ObjectNode o = object(args, "register");
    return new Registration(optionalText(o, "userId"), optionalText(o, "role"));
  }

  /** An id sent as the seed sends it (a bare string: {@code emit('join:order', orderId)}) or as {@code {<field>: id}}. */
  static String id(List<JsonNode> args, String field) {
    JsonNode v = args.isEmpty() ? null : args.get(0);
    if (v instanceof ObjectNode o) {
      v = o.get(field);
    }
    if (v == null || v.isNull()) {
      throw OrdersError.validation(field + " is required");
    }
    if (!v.isTextual() && !v.isIntegralNumber()) {
      throw OrdersError.validation(field + " must be a string");
    }
    String id = v.asText();
    if (!ID.matcher(id).matches()) {
      throw OrdersError.validation(field + " must be 1-64 letters, digits, '-', '_' or '.'");
    }
    return id;
  }

  /** {@code delivery:location}'s {@code {orderId, latitude, longitude, speed?, heading?}}. */
  static Location location(List<JsonNode> args) {
    ObjectNode o = object(args, "delivery:location");
    String orderId = id(List.of(Json.object().set("orderId", o.get("orderId"))), "orderId");
    double lat = coordinate(o, "latitude", 90);
    double lng = coordinate(o, "longitude", 180);
    return new Location(orderId, lat, lng, optionalRange(o, "speed", MAX_SPEED), optionalRange(o, "heading", 360));
  }

  private static double coordinate(ObjectNode o, String field, double max) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw OrdersError.validation(field + " is required");
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw OrdersError.validation(field + " must be a number");
    }
    double d = v.asDouble();
    if (d < -max || d > max) {
      throw OrdersError.validation(field + " must be between " + (int) -max + " and " + (int) max);
    }
    return d;
  }

  /** A reading a device may not have: null or -1 (what location APIs send when unknown) mean unknown. */
  private static Double optionalRange(ObjectNode o, String field, double max) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw OrdersError.validation(field + " must be a number or null");
    }
    double d = v.asDouble();
    if (d == -1) {
      return null;
    }
    if (d < 0 || d > max) {
      throw OrdersError.validation(field + " must be between 0 and " + (int) max + " (or -1/null when unknown)");
    }
    return d;
  }

  private static ObjectNode object(List<JsonNode> args, String event) {
    if (args.isEmpty() || !(args.get(0) instanceof ObjectNode o)) {
      throw OrdersError.validation(event + " needs an object payload");
    }
    return o;
  }

  private static String optionalText(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > 128) {
      throw OrdersError.validation(field + " must be a non-empty string of at most 128 characters");
    }
    return v.textValue();
  }
}
