package dev.socketiolambda.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected texts are what Node's JSON.stringify prints for the same values. */
class JsWriterTest {
  private static String write(com.fasterxml.jackson.databind.JsonNode node) {
    StringBuilder sb = new StringBuilder();
    JsWriter.write(node, sb);
    return sb.toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    JsWriter.writeString(s, sb);
    return sb.toString();
  }

  private static String number(double d) {
    StringBuilder sb = new StringBuilder();
    JsWriter.writeDouble(d, sb);
    return sb.toString();
  }

  static Stream<Arguments> doubles() {
    return Stream.of(
        Arguments.of(1.0, "1"),
        Arguments.of(-1.0, "-1"),
        Arguments.of(0.0, "0"),
        Arguments.of(-0.0, "0"),
        Arguments.of(1.5, "1.5"),
        Arguments.of(-2.25, "-2.25"),
        Arguments.of(100.0, "100"),
        Arguments.of(0.1 + 0.2, "0.30000000000000004"),
        Arguments.of(1.0 / 3, "0.3333333333333333"),
        Arguments.of(1e21, "1e+21"),
        Arguments.of(1e20, "100000000000000000000"),
        Arguments.of(123456789012345680000.0, "123456789012345680000"),
        Arguments.of(1e15, "1000000000000000"),
        Arguments.of(1e16, "10000000000000000"),
        Arguments.of(999999999999999.9, "999999999999999.9"),
        Arguments.of(1e-7, "1e-7"),
        Arguments.of(1.5e-7, "1.5e-7"),
        Arguments.of(0.000001, "0.000001"),
        Arguments.of(0.0000015, "0.0000015"),
        Arguments.of(123e-20, "1.23e-18"),
        Arguments.of(2.5e-3, "0.0025"),
        Arguments.of(1e300, "1e+300"),
        Arguments.of(-1e300, "-1e+300"),
        Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308"),
        Arguments.of(9007199254740991.0, "9007199254740991"),
        Arguments.of(9007199254740992.0, "9007199254740992"),
        // JDK 17's Double.toString is not the shortest for these; ECMAScript is
        Arguments.of(1e23, "1e+23"),
        Arguments.of(1.9e22, "1.9e+22"),
        Arguments.of(2.82879384806159e17, "282879384806159000"),
        Arguments.of(1.0E-5, "0.00001"),
        // subnormals where Java would print two digits and ECMAScript one
        Arguments.of(Double.MIN_VALUE, "5e-324"),
        Arguments.of(2 * Double.MIN_VALUE, "1e-323"),
        Arguments.of(14 * Double.MIN_VALUE, "7e-323"),
        Arguments.of(Double.MIN_NORMAL, "2.2250738585072014e-308"),
        Arguments.of(Double.NaN, "null"),
        Arguments.of(Double.POSITIVE_INFINITY, "null"),
        Arguments.of(Double.NEGATIVE_INFINITY, "null"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("doubles")
  void writesDoublesAsNumberToString(double value, String expected) {
    assertThat(number(value)).isEqualTo(expected);
    assertThat(write(JsonNodeFactory.instance.numberNode(value))).isEqualTo(expected);
  }

  @Test
  void writesIntegralNodesAsIntegers() {
    assertThat(write(JsonNodeFactory.instance.numberNode(42))).isEqualTo("42");
    assertThat(write(JsonNodeFactory.instance.numberNode((short) -7))).isEqualTo("-7");
    assertThat(write(JsonNodeFactory.instance.numberNode(9007199254740991L))).isEqualTo("9007199254740991");
    assertThat(write(JsonNodeFactory.instance.numberNode(1.5f))).isEqualTo("1.5");
  }

  /** A deliberate difference: JavaScript would round these to the nearest double; Java clients get the exact digits. */
  @Test
  void keepsTheDigitsOfIntegersBeyondDoublePrecision() {
    assertThat(write(JsonNodeFactory.instance.numberNode(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
    assertThat(write(JsonNodeFactory.instance.numberNode(new BigInteger("123456789012345678901234567890"))))
        .isEqualTo("123456789012345678901234567890");
  }

  @Test
  void writesBigDecimalsAsTheirNearestDouble() {
    assertThat(write(JsonNodeFactory.instance.numberNode(new BigDecimal("1.10")))).isEqualTo("1.1");
    assertThat(write(JsonNodeFactory.instance.numberNode(new BigDecimal("1e400")))).isEqualTo("null");
    assertThat(write(JsonNodeFactory.instance.numberNode(new BigDecimal("0.1000000000000000055511151231257827"))))
        .isEqualTo("0.1");
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({"0000,\\u0000", "0001,\\u0001", "0007,\\u0007", "000b,\\u000b", "000e,\\u000e", "001f,\\u001f",
      "0008,\\b", "0009,\\t", "000a,\\n", "000c,\\f", "000d,\\r"})
  void escapesControlCharactersWithLowercaseHex(String hex, String escaped) {
    String s = String.valueOf((char) Integer.parseInt(hex, 16));

    assertThat(quote(s)).isEqualTo("\"" + escaped + "\"");
  }

  @Test
  void escapesQuoteAndBackslashOnly() {
    assertThat(quote("a\"b\\c/d</script>")).isEqualTo("\"a\\\"b\\\\c/d</script>\"");
  }

  @Test
  void writesNonAsciiCharactersRaw() {
    String s = "é日本😀\u007f\u0085\u00a0\u2028\u2029\ufeff\uffff";

    assertThat(quote(s)).isEqualTo("\"" + s + "\"");
  }

  @Test
  void escapesLoneSurrogatesButNotPairs() {
    assertThat(quote("\ud800")).isEqualTo("\"\\ud800\"");
    assertThat(quote("a\udc00b")).isEqualTo("\"a\\udc00b\"");
    assertThat(quote("\udbff")).isEqualTo("\"\\udbff\"");
    assertThat(quote("\udc00\ud800")).isEqualTo("\"\\udc00\\ud800\"");
    assertThat(quote("\ud83d\ude00\ud83d")).isEqualTo("\"\ud83d\ude00\\ud83d\"");
    assertThat(quote("\udbff\udfff")).isEqualTo("\"\udbff\udfff\"");
  }

  @Test
  void writesObjectsInInsertionOrder() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("b", 1).put("a", "x");
    o.putNull("n");
    o.put("t", true).put("f", false);

    assertThat(write(o)).isEqualTo("{\"b\":1,\"a\":\"x\",\"n\":null,\"t\":true,\"f\":false}");
  }

  @Test
  void writesArrayIndexKeysFirstInAscendingOrderAsJavaScriptObjectsDo() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("b", 1).put("10", 2).put("2", 3).put("a", 4)
        .put("01", 5).put("-1", 6).put("4294967295", 7).put("4294967294", 8).put("0", 9).put("1.5", 10);

    assertThat(write(o)).isEqualTo(
        "{\"0\":9,\"2\":3,\"10\":2,\"4294967294\":8,\"b\":1,\"a\":4,\"01\":5,\"-1\":6,\"4294967295\":7,\"1.5\":10}");
  }

  @Test
  void recognisesOnlyCanonicalArrayIndexes() {
    assertThat(JsWriter.arrayIndex("0")).isZero();
    assertThat(JsWriter.arrayIndex("4294967294")).isEqualTo(4294967294L);
    assertThat(JsWriter.arrayIndex("4294967295")).isEqualTo(-1);
    assertThat(JsWriter.arrayIndex("99999999999")).isEqualTo(-1);
    assertThat(JsWriter.arrayIndex("007")).isEqualTo(-1);
    assertThat(JsWriter.arrayIndex("")).isEqualTo(-1);
    assertThat(JsWriter.arrayIndex("1a")).isEqualTo(-1);
    assertThat(JsWriter.arrayIndex("+1")).isEqualTo(-1);
  }

  @Test
  void leavesOutMissingObjectValuesAndWritesMissingArrayValuesAsNull() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("a", 1);
    o.set("gone", MissingNode.getInstance());
    o.put("z", 2);
    ArrayNode a = JsonNodeFactory.instance.arrayNode().add(1);
    a.add(MissingNode.getInstance());

    assertThat(write(o)).isEqualTo("{\"a\":1,\"z\":2}");
    assertThat(write(a)).isEqualTo("[1,null]");
    assertThat(write(MissingNode.getInstance())).isEqualTo("null");
  }

  @Test
  void leavesOutAMissingFirstMemberWithoutALeadingComma() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("gone", MissingNode.getInstance());
    o.put("a", 1);

    assertThat(write(o)).isEqualTo("{\"a\":1}");
  }

  @Test
  void writesNestedContainersWithoutWhitespace() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    a.addArray().addObject().putArray("x").add(1).addArray();
    a.addObject();

    assertThat(write(a)).isEqualTo("[[{\"x\":[1,[]]}],{}]");
  }

  @Test
  void refusesBinaryAndPojoValues() {
    assertThatThrownBy(() -> write(JsonNodeFactory.instance.binaryNode(new byte[1])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attachments");
    assertThatThrownBy(() -> write(JsonNodeFactory.instance.pojoNode(new Object())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesIndexKeysFirstInNestedObjectsAfterOtherMembersWereWritten() {
    ObjectNode inner = JsonNodeFactory.instance.objectNode().put("z", 1).put("3", 2);
    inner.set("gone", MissingNode.getInstance());
    inner.put("1", 3);
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("a", "x");
    o.set("inner", inner);
    o.put("0", true);

    assertThat(write(o)).isEqualTo("{\"0\":true,\"a\":\"x\",\"inner\":{\"1\":3,\"3\":2,\"z\":1}}");
  }

  @Test
  void stopsAtTheFirstBinaryValueWhenAskedTo() {
    ArrayNode withBinary = JsonNodeFactory.instance.arrayNode().add("e");
    withBinary.addObject().put("a", 1).put("5", 2).putArray("list").add(JsonNodeFactory.instance.binaryNode(new byte[2]));
    ArrayNode without = JsonNodeFactory.instance.arrayNode().add("e");
    without.addObject().put("a", 1).put("5", 2).putArray("list").add(2.5);

    StringBuilder sb = new StringBuilder("4");
    assertThat(JsWriter.writeUnlessBinary(withBinary, sb)).isFalse();
    sb = new StringBuilder("4");
    assertThat(JsWriter.writeUnlessBinary(without, sb)).isTrue();
    assertThat(sb).hasToString("4[\"e\",{\"5\":2,\"a\":1,\"list\":[2.5]}]");
    assertThat(JsWriter.writeUnlessBinary(JsonNodeFactory.instance.binaryNode(new byte[0]), new StringBuilder())).isFalse();
    assertThatThrownBy(() -> write(withBinary)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attachments");
  }
}
