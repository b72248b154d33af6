package dev.socketiolambda.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written reader against Jackson's {@code readTree} with {@link Json}'s settings: whenever
 * the reader accepts a text, its tree must be Jackson's tree (same node classes, values and member
 * order); whatever it declines, {@link Json#parse} answers as Jackson does.
 */
class JsReaderTest {
  /** Same classes, values and member order (ObjectNode.equals ignores the order). */
  static void assertSameTree(JsonNode actual, JsonNode expected) {
    assertThat(actual.getClass()).as("node class of %s", expected).isEqualTo(expected.getClass());
    if (expected.isObject()) {
      List<String> actualNames = new ArrayList<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      List<String> expectedNames = new ArrayList<>();
      expected.fieldNames().forEachRemaining(expectedNames::add);
      assertThat(actualNames).isEqualTo(expectedNames);
      for (String name : expectedNames) {
        assertSameTree(actual.get(name), expected.get(name));
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSameTree(actual.get(i), expected.get(i));
      }
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  /** Json.parse and Jackson agree: same tree, or both reject with the same message. */
  static void assertParsesAsJackson(String text) {
    JsonNode expected = null;
    Throwable expectedError = null;
    try {
      expected = Json.parseWithJackson(text);
    } catch (ProtocolException e) {
      expectedError = e;
    }
    JsonNode fast = JsReader.tryParse(text, 0, Json.nodes());
    if (fast != null) {
      assertThat(expectedError).as("reader accepted what Jackson rejects: %s", text).isNull();
      assertSameTree(fast, expected);
    }
    if (expectedError == null) {
      assertSameTree(Json.parse(text), expected);
    } else {
      Throwable actual = catchThrowable(() -> Json.parse(text));
      assertThat(actual).isInstanceOf(ProtocolException.class).hasMessage(expectedError.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", " \t\r\n[ ] ", "\"\"", "\"a\"", "0", "-0", "7", "-7", "2147483647", "2147483648",
      "-2147483648", "-2147483649", "999999999999999999", "-999999999999999999", "0.5", "-0.0", "0.0", "2.5",
      "1.0", "123456789012345.6", "1234567890123456.7", "0.30000000000000004", "0.1234567890123456789012345",
      "1e2", "1E-2", "-1.5e+3", "1e400", "-1e400", "1e-400", "5e-324", "true", "false", "null",
      "[true,false,null]", "{\"a\":{\"b\":[1,{\"c\":\"d\"}]}}", "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}",
      "{\"\":0}", "\"\\u00e9\\u00E9\\/\\\\\\\"\\b\\f\\n\\r\\t\"", "\"\\ud83d\\ude00 \\ud800 \ud800 😀\"",
      "[\"chat\",{\"id\":\"msg-01HF8Z3K9Q\",\"text\":\"Hi! 🙏\",\"ts\":1700000000123,\"priority\":2.5}]"})
  void acceptsValidDocumentsWithJacksonsTree(String text) {
    assertThat(JsReader.tryParse(text, 0, Json.nodes())).as("reader declined").isNotNull();
    assertParsesAsJackson(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "[1] [2]", "{}x", "[1]]", "'a'", "{a:1}", "NaN",
      "Infinity", "-", "01", "-01", "1.", ".5", "+1", "1e", "1e+", "[\"\\x\"]", "[\"a\u0001\"]", "// c\n1",
      "/* c */ 1", "tru", "nul", "truex", "[1x]", "\ufeff{}", "\u00a0{}", "[1\u00001]", "\"\\u12\"", "\"\\u12g4\"",
      "\"abc", "\"\\", "{\"a\"}", "{\"a\" 1}", "{1:2}", "[,]", "1234567890123456789", "-1234567890123456789",
      "123456789012345678901234567890"})
  void declinesWhatItDoesNotHandleAndJacksonDecides(String text) {
    assertThat(JsReader.tryParse(text, 0, Json.nodes())).isNull();
    assertParsesAsJackson(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"gener\\u\u0660\u0660\u0666\u0661l\"", "\"\\udbf\u096c\"",
      "\"\\u\uff10\uff10\uff16\uff11\"", "{\"gener\\u\u0660\u0660\u0666\u0661l\":1}", "\"\\u00\u0e52\u0e54\"",
      "\"\\u\ud835\udfce\ud835\udfce\""})
  void rejectsUnicodeEscapesWrittenWithNonAsciiDigitsAsJacksonDoes(String text) {
    assertThat(JsReader.tryParse(text, 0, Json.nodes())).as("reader accepted non-ASCII hex digits").isNull();
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(ProtocolException.class);
    assertParsesAsJackson(text);
  }

  @Test
  void declinesDeepNestingButJacksonStillParsesIt() {
    String deep = "[".repeat(JsReader.MAX_DEPTH + 1) + "]".repeat(JsReader.MAX_DEPTH + 1);
    String shallow = "[".repeat(JsReader.MAX_DEPTH) + "]".repeat(JsReader.MAX_DEPTH);

    assertThat(JsReader.tryParse(deep, 0, Json.nodes())).isNull();
    assertThat(JsReader.tryParse(shallow, 0, Json.nodes())).isNotNull();
    assertParsesAsJackson(deep);
    assertParsesAsJackson(shallow);
  }

  @Test
  void declinesLongNamesStringsAndNumbers() {
    String longName = "{\"" + "n".repeat(JsReader.MAX_NAME + 1) + "\":1}";
    String longNumber = "0." + "1".repeat(JsReader.MAX_NUMBER);

    assertThat(JsReader.tryParse(longName, 0, Json.nodes())).isNull();
    assertThat(JsReader.tryParse(longNumber, 0, Json.nodes())).isNull();
    assertParsesAsJackson(longName);
    assertParsesAsJackson(longNumber);
  }

  @Test
  void parsesFromAnOffsetAsTheSubstringWouldParse() {
    String frame = "42[\"chat\",{\"a\":[1,2.5,\"x\"]}]";

    assertSameTree(Json.parse(frame, 2), Json.parseWithJackson(frame.substring(2)));
    assertThatThrownBy(() -> Json.parse(frame, frame.length())).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> Json.parse("[1,", 0)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void canonicalisesShortMemberNamesAndStillReadsEveryNameRight() {
    JsonNode a = JsReader.tryParse("{\"room\":1}", 0, Json.nodes());
    JsonNode b = JsReader.tryParse("[{\"room\":2,\"ro\\u006fm2\":3}]", 0, Json.nodes());
    String longName = "n".repeat(40);
    JsonNode c = JsReader.tryParse("{\"" + longName + "\":4,\"moor\":5,\"room\":6}", 0, Json.nodes());

    assertThat(a.fieldNames().next()).isSameAs(b.get(0).fieldNames().next()).isEqualTo("room");
    assertThat(b.get(0).get("room2").intValue()).isEqualTo(3);
    assertThat(c.get(longName).intValue()).isEqualTo(4);
    assertThat(c.get("moor").intValue()).isEqualTo(5);
    assertThat(c.get("room").intValue()).isEqualTo(6);
    assertParsesAsJackson("{\"a\\\"b\":1,\"a\":2,\"\":3,\"\u00e9\ud83d\ude00\":4}");
  }
}
