package dev.socketiolambda.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the char[] writer: the short-decimal path for doubles prints what the general
 * shortest-digits path prints, strings are escaped as a straightforward per-character
 * JSON.stringify would, and the entry points agree with each other.
 */
class JsWriterPropertiesTest {
  @Property(tries = 5000)
  void shortDecimalsPrintAsTheGeneralPath(@ForAll("doubles") double d) {
    assertThat(Json.write(Json.nodes().numberNode(d))).isEqualTo(JsWriter.generalDoubleForTest(d));
    assertThat(Json.write(Json.nodes().numberNode(-d))).isEqualTo(JsWriter.generalDoubleForTest(-d));
  }

  @Property(tries = 2000)
  void quotesStringsAsJsonStringify(@ForAll("strings") String s) {
    assertThat(Json.quote(s)).isEqualTo(referenceQuote(s));
    StringBuilder sb = new StringBuilder("x");
    JsWriter.writeString(s, sb);
    assertThat(sb).hasToString("x" + referenceQuote(s));
  }

  @Property(tries = 1000)
  void entryPointsAgree(@ForAll("trees") JsonNode tree) {
    String text = Json.write(tree);
    StringBuilder sb = new StringBuilder("pre");
    Json.write(tree, sb);

    assertThat(sb).hasToString("pre" + text);
    assertThat(Json.writeUnlessBinary("42", tree)).isEqualTo("42" + text);
    ArrayNode withBinary = Json.array().add(tree).add(Json.nodes().binaryNode(new byte[] {1}));
    assertThat(Json.writeUnlessBinary("42", withBinary)).isNull();
    assertThat(JsWriter.writeUnlessBinary(withBinary, sb)).isFalse();
    assertThat(sb).hasToString("pre" + text);
  }

  @Provide
  Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        // short decimals: m / 10^j and m * 10^-j for small m
        Arbitraries.integers().between(-1_000_000_000, 1_000_000_000)
            .flatMap(m -> Arbitraries.integers().between(0, 22).map(j -> m / Math.pow(10, j))),
        Arbitraries.integers().between(1, 99_999).flatMap(m -> Arbitraries.integers().between(-12, 12)
            .map(e -> Double.parseDouble(m + "e" + e))),
        // neighbours of short decimals and of powers of ten
        Arbitraries.integers().between(1, 99_999).flatMap(m -> Arbitraries.integers().between(-8, 14)
            .flatMap(e -> Arbitraries.of(-2, -1, 1, 2).map(k -> neighbour(Double.parseDouble(m + "e" + e), k)))),
        Arbitraries.integers().between(-7, 16).flatMap(e -> Arbitraries.of(-1, 1)
            .map(k -> neighbour(Math.pow(10, e), k))),
        // everything else
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
        Arbitraries.doubles(),
        Arbitraries.doubles().between(0, 1e16).ofScale(12),
        Arbitraries.doubles().between(0, 1).ofScale(17));
  }

  private static double neighbour(double d, int k) {
    for (int i = 0; i < Math.abs(k); i++) {
      d = k > 0 ? Math.nextUp(d) : Math.nextDown(d);
    }
    return d;
  }

  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(20),
        Arbitraries.strings().withChars("ab\"\\\n\t\u0001\u001f\ud800\udc00\ud83d\ude00é").ofMaxLength(12),
        Arbitraries.strings().ascii().ofMaxLength(40));
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return JsReaderPropertiesTest.trees(3);
  }

  /** JSON.stringify's QuoteJSONString, character by character. */
  private static String referenceQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\b' -> sb.append("\\b");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\f' -> sb.append("\\f");
        case '\r' -> sb.append("\\r");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
          if (pair) {
            sb.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
