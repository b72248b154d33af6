package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.DynamoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Plain JSON items to DynamoDB attribute values and back (numbers stay exact decimals). */
final class Items {
  private Items() {}

  static Map<String, AttributeValue> item(ObjectNode json) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> out.put(e.getKey(), value(e.getValue())));
    return out;
  }

  static AttributeValue value(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return AttributeValue.fromNul(true);
    } else if (v.isTextual()) {
      return AttributeValue.fromS(v.textValue());
    } else if (v.isBoolean()) {
      return AttributeValue.fromBool(v.booleanValue());
    } else if (v.isNumber()) {
      return AttributeValue.fromN(v.decimalValue().toPlainString());
    } else if (v.isArray()) {
      List<AttributeValue> list = new ArrayList<>();
      v.forEach(e -> list.add(value(e)));
      return AttributeValue.fromL(list);
    }
    return AttributeValue.fromM(item((ObjectNode) v));
  }

  static ObjectNode json(Map<String, AttributeValue> item) {
    return DynamoJson.toPlainItem(DynamoJson.fromSdk(item));
  }

  static Map<String, AttributeValue> key(String name, String value) {
    return Map.of(name, AttributeValue.fromS(value));
  }

  static Map<String, AttributeValue> key(String name, String value, String sortName, String sortValue) {
    return Map.of(name, AttributeValue.fromS(value), sortName, AttributeValue.fromS(sortValue));
  }
}
