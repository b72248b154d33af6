package dev.socketiolambda.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.assertions.Template;

/** Small helpers over a synthesized template's JSON (maps and lists). */
final class TemplateJson {
  private final Map<String, Object> json;

  TemplateJson(Template template) {
    this.json = template.toJSON();
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> resources() {
    return (Map<String, Map<String, Object>>) (Map<?, ?>) json.get("Resources");
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> outputs() {
    Object o = json.get("Outputs");
    return o == null ? Map.of() : (Map<String, Map<String, Object>>) o;
  }

  Map<String, Object> root() {
    return json;
  }

  /** Resources of one type, by logical id. */
  Map<String, Map<String, Object>> ofType(String type) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    resources().forEach((id, r) -> {
      if (type.equals(r.get("Type"))) {
        out.put(id, r);
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> props(Map<String, Object> resource) {
    Object p = resource.get("Properties");
    return p == null ? Map.of() : (Map<String, Object>) p;
  }

  /** The logical id of the one WebSocket API (a stack may also hold HTTP APIs: polling, a bundle's routes). */
  String webSocketApi() {
    List<String> ids = ofType("AWS::ApiGatewayV2::Api").entrySet().stream()
        .filter(e -> "WEBSOCKET".equals(props(e.getValue()).get("ProtocolType"))).map(Map.Entry::getKey).toList();
    if (ids.size() != 1) {
      throw new AssertionError("expected one WebSocket API, found " + ids);
    }
    return ids.get(0);
  }

  String typeOf(String logicalId) {
    Map<String, Object> r = resources().get(logicalId);
    return r == null ? null : (String) r.get("Type");
  }

  /** Logical ids a value refers to through Ref or Fn::GetAtt, anywhere inside it. */
  static Set<String> refs(Object value) {
    Set<String> out = new LinkedHashSet<>();
    collect(value, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object value, Set<String> out) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.containsKey("Ref") && m.get("Ref") instanceof String s && !s.startsWith("AWS::")) {
        out.add(s);
      } else if (m.size() == 1 && m.containsKey("Fn::GetAtt")) {
        out.add(String.valueOf(((List<Object>) m.get("Fn::GetAtt")).get(0)));
      } else {
        m.values().forEach(v -> collect(v, out));
      }
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collect(v, out));
    }
  }

  /**
   * A value rendered as text: literals as they are, {@code ${Ref:Id}}, {@code ${GetAtt:Id.Attr}} and
   * {@code ${AWS::Region}} for references, Fn::Join concatenated.
   */
  @SuppressWarnings("unchecked")
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Map<?, ?> m && m.size() == 1) {
      if (m.get("Ref") instanceof String ref) {
        return ref.startsWith("AWS::") ? "${" + ref + "}" : "${Ref:" + ref + "}";
      }
      if (m.get("Fn::GetAtt") instanceof List<?> att) {
        return "${GetAtt:" + att.get(0) + "." + att.get(1) + "}";
      }
      if (m.get("Fn::Join") instanceof List<?> join) {
        List<String> parts = new ArrayList<>();
        for (Object part : (List<Object>) join.get(1)) {
          parts.add(render(part));
        }
        return String.join((String) join.get(0), parts);
      }
    }
    return String.valueOf(value);
  }

  /** Every statement of every AWS::IAM::Policy, with the policy's logical id. */
  @SuppressWarnings("unchecked")
  List<Map.Entry<String, Map<String, Object>>> policyStatements() {
    List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
    ofType("AWS::IAM::Policy").forEach((id, r) -> {
      Map<String, Object> doc = (Map<String, Object>) props(r).get("PolicyDocument");
      for (Object s : (List<Object>) doc.get("Statement")) {
        out.add(Map.entry(id, (Map<String, Object>) s));
      }
    });
    return out;
  }

  /** A value that may be one item or a list, as a list. */
  static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
  }
}
