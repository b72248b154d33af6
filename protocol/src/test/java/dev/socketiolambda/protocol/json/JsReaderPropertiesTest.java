package dev.socketiolambda.protocol.json;

import static dev.socketiolambda.protocol.json.JsReaderTest.assertParsesAsJackson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the hand-written reader: on written trees, number and string literals, arbitrary
 * JSON-like text and mutated documents, {@link Json#parse} gives Jackson's tree (same classes, values
 * and member order) or Jackson's error, and the reader never accepts what Jackson rejects.
 */
class JsReaderPropertiesTest {
  /** ASCII hex digits mixed with digits that Character.digit reads but JSON does not allow. */
  static final String HEX_LOOKALIKES = "09afAF\u0660\u0661\u0669\u06f4\u0966\u096c\u0e52\uff10\uff16\uff21\uff41";
  private static final String JSON_CHARS = "0123456789-+.eE,:[]{}\" \t\n\r\\/ubfnrtalsxA\u00e9\u0001";

  @Property(tries = 2000)
  void parsesWrittenTreesAsJackson(@ForAll("documents") String text) {
    assertParsesAsJackson(text);
  }

  @Property(tries = 2000)
  void agreesWithJacksonOnArbitraryText(@ForAll("jsonishText") String text) {
    assertParsesAsJackson(text);
  }

  @Property(tries = 2000)
  void agreesWithJacksonOnMutatedDocuments(@ForAll("mutatedDocuments") String text) {
    assertParsesAsJackson(text);
  }

  @Property(tries = 3000)
  void readsNumbersAsJackson(@ForAll("numbers") String text) {
    assertParsesAsJackson(text);
    assertParsesAsJackson("[" + text + "]");
  }

  @Property(tries = 1000)
  void readsStringsAsJackson(@ForAll("escapedStrings") String text) {
    assertParsesAsJackson(text);
  }

  @Provide
  Arbitrary<String> documents() {
    return Combinators.combine(trees(3), Arbitraries.integers().between(0, 3))
        .as((tree, spacing) -> spaced(Json.write(tree), spacing));
  }

  @Provide
  Arbitrary<String> jsonishText() {
    return Arbitraries.strings().withChars(JSON_CHARS).ofMaxLength(24);
  }

  @Provide
  Arbitrary<String> mutatedDocuments() {
    Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.strings().withChars(JSON_CHARS).ofLength(1),
        Arbitraries.of("\\u", "\\u\u0660\u0660\u0666\u0661", "\u0661", "\uff11", "1e400", "9007199254740993", "-0", "00", "null", "\ud800", "\u0000", "\"", "\\"));
    return Combinators.combine(documents(), Arbitraries.integers().between(0, 10_000),
            pieces, Arbitraries.integers().between(0, 2))
        .as((s, position, piece, op) -> {
          int pos = position % (s.length() + 1);
          return switch (op) {
            case 0 -> s.substring(0, pos) + piece + s.substring(pos);
            case 1 -> pos < s.length() ? s.substring(0, pos) + s.substring(pos + 1) : s;
            default -> pos < s.length() ? s.substring(0, pos) + piece + s.substring(pos + 1) : s;
          };
        });
  }

  @Provide
  Arbitrary<String> numbers() {
    Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(25);
    Arbitrary<String> sign = Arbitraries.of("", "-");
    Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), digits.map(d -> "." + d));
    Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("e", "E", "e+", "e-", "E-"), Arbitraries.integers().between(0, 400))
            .as((e, n) -> e + n));
    Arbitrary<String> composed = Combinators.combine(sign, digits, fraction, exponent).as((a, b, c, d) -> a + b + c + d);
    return Arbitraries.oneOf(composed,
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite).map(String::valueOf),
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite).map(d -> Json.write(Json.nodes().numberNode(d))));
  }

  @Provide
  Arbitrary<String> escapedStrings() {
    Arbitrary<String> part = Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(6),
        Arbitraries.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u00E9", "\\uD83D",
            "\\ude00", "\\u0000", "\\u", "\\x", "\""),
        Arbitraries.integers().between(0, 0xFFFF).map(c -> String.format("\\u%04x", c)),
        Arbitraries.strings().withChars(HEX_LOOKALIKES).ofLength(4).map(h -> "\\u" + h));
    return part.list().ofMaxSize(6).map(parts -> "\"" + String.join("", parts) + "\"");
  }

  private static String spaced(String json, int spacing) {
    if (spacing == 0) {
      return json;
    }
    String ws = spacing == 1 ? " " : spacing == 2 ? "\n\t" : " \r\n ";
    StringBuilder sb = new StringBuilder(ws);
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      sb.append(c);
      if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\' || escapedBackslash(json, i - 1))) {
        inString = !inString;
      }
      if (!inString && (c == ',' || c == ':' || c == '[' || c == '{')) {
        sb.append(ws);
      }
    }
    return sb.append(ws).toString();
  }

  /** Whether the backslash at {@code i} is itself escaped (an odd number of backslashes ends at i - 1). */
  private static boolean escapedBackslash(String s, int i) {
    int n = 0;
    while (i - n >= 0 && s.charAt(i - n) == '\\') {
      n++;
    }
    return n % 2 == 0;
  }

  static Arbitrary<JsonNode> trees(int depth) {
    Arbitrary<JsonNode> leaf = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().all().ofMaxLength(12).map(s -> (JsonNode) Json.nodes().textNode(s))),
        Tuple.of(2, Arbitraries.integers().map(i -> (JsonNode) Json.nodes().numberNode(i))),
        Tuple.of(1, Arbitraries.longs().map(l -> (JsonNode) Json.nodes().numberNode(l))),
        Tuple.of(2, Arbitraries.doubles().map(d -> (JsonNode) Json.nodes().numberNode(d))),
        Tuple.of(1, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)
            .map(d -> (JsonNode) Json.nodes().numberNode(d))),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) Json.nodes().booleanNode(b))),
        Tuple.of(1, Arbitraries.just((JsonNode) Json.nodes().nullNode())));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> trees(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaf),
        Tuple.of(1, child.list().ofMaxSize(4).map(items -> {
          ArrayNode a = Json.array();
          a.addAll(new ArrayList<>(items));
          return (JsonNode) a;
        })),
        Tuple.of(1, Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), child).ofMaxSize(4).map(members -> {
          ObjectNode o = Json.object();
          members.forEach(o::set);
          return (JsonNode) o;
        })));
  }
}
