package dev.socketiolambda.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.ProtocolException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("{}", "{}"),
        Arguments.of("[]", "[]"),
        Arguments.of(" { \"a\" : [ 1 , 2 ] } \n", "{\"a\":[1,2]}"),
        Arguments.of("\"text\"", "\"text\""),
        Arguments.of("1", "1"),
        Arguments.of("-0", "0"),
        Arguments.of("1.0", "1"),
        Arguments.of("1E2", "100"),
        Arguments.of("1e21", "1e+21"),
        Arguments.of("1e400", "null"),
        Arguments.of("1e-400", "0"),
        Arguments.of("true", "true"),
        Arguments.of("null", "null"),
        Arguments.of("\"\\u00e9\\/\\ud83d\\ude00\"", "\"é/😀\""),
        Arguments.of("\"\\ud800\"", "\"\\ud800\""),
        Arguments.of("{\"a\":1,\"a\":2}", "{\"a\":2}"),
        Arguments.of("{\"b\":1,\"1\":2}", "{\"1\":2,\"b\":1}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void parsesAndWritesAsJavaScriptWould(String text, String written) {
    assertThat(Json.write(Json.parse(text))).isEqualTo(written);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "[1] [2]", "{}x", "[1]]", "'a'", "{a:1}", "NaN",
      "Infinity", "-", "01", "1.", ".5", "+1", "[\"\\x\"]", "[\"a\u0001\"]", "// c\n1", "/* c */ 1", "tru", "nul",
      "\ufeff{}", "\u00a0{}", "[1\u00001]"})
  void rejectsWhatJsonParseRejects(String text) {
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("invalid JSON");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Json.parse(null)).isInstanceOf(ProtocolException.class).hasMessageContaining("null");
  }

  @Test
  void limitsNestingDepth() {
    String ok = "[".repeat(500) + "]".repeat(500);
    String tooDeep = "[".repeat(1000) + "]".repeat(1000);

    assertThat(Json.parse(ok).isArray()).isTrue();
    assertThatThrownBy(() -> Json.parse(tooDeep)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void parsesFloatsAsDoublesAndIntegersExactly() {
    assertThat(Json.parse("0.1").isDouble()).isTrue();
    assertThat(Json.parse("9007199254740993").longValue()).isEqualTo(9007199254740993L);
    assertThat(Json.parse("123456789012345678901234567890").isBigInteger()).isTrue();
  }

  @Test
  void quotesStringsAsJsonStringify() {
    assertThat(Json.quote("a\"\n\u001f\ud800😀")).isEqualTo("\"a\\\"\\n\\u001f\\ud800😀\"");
  }

  @Test
  void appendsToABuilder() {
    StringBuilder sb = new StringBuilder("x=");

    Json.write(Json.parse("[1,\"a\"]"), sb);

    assertThat(sb).hasToString("x=[1,\"a\"]");
  }

  @Test
  void buildsTreesWithItsNodeFactory() {
    JsonNode tree = Json.object().put("n", 1.0).set("list", Json.array().add("x").add(Json.nodes().numberNode(2)));

    assertThat(Json.write(tree)).isEqualTo("{\"n\":1,\"list\":[\"x\",2]}");
  }
}
