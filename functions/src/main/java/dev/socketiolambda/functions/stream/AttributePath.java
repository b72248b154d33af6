package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A dotted path into a plain item ({@code customer.address.city}, {@code items.0.sku}). */
record AttributePath(String text, List<String> segments) {

  /** Parses a path; segments are split on '.', none may be empty. */
  static AttributePath parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an attribute path must be a non-empty string");
    }
    String[] parts = text.split("\\.", -1);
    for (String p : parts) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("attribute path '" + text + "' has an empty segment");
      }
    }
    return new AttributePath(text, List.of(parts));
  }

  /** The value at this path, or a missing node. Array elements are reached by index. */
  JsonNode resolve(JsonNode item) {
    JsonNode n = item == null ? MissingNode.getInstance() : item;
    for (String s : segments) {
      if (n.isObject()) {
        n = n.path(s);
      } else if (n.isArray() && isIndex(s)) {
        n = n.path(Integer.parseInt(s));
      } else {
        return MissingNode.getInstance();
      }
    }
    return n;
  }

  String first() {
    return segments.get(0);
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** JSON equality where numbers compare by value (1, 1.0 and 1E+0 are the same number). */
  static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isMissingNode() || b.isMissingNode()) {
      return a.isMissingNode() && b.isMissingNode();
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = a.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!same(e.getValue(), b.path(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
