package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"S\":\"hello\"}                                  | \"hello\"",
      "{\"S\":\"\"}                                       | \"\"",
      "{\"N\":\"42\"}                                     | 42",
      "{\"N\":\"-7\"}                                     | -7",
      "{\"N\":\"1.5\"}                                    | 1.5",
      "{\"N\":\"24.50\"}                                  | 24.5",
      "{\"N\":\"1E+2\"}                                   | 100",
      "{\"BOOL\":true}                                    | true",
      "{\"BOOL\":false}                                   | false",
      "{\"NULL\":true}                                    | null",
      "{\"B\":\"AAEC\"}                                   | \"AAEC\"",
      "{\"SS\":[\"a\",\"b\"]}                             | [\"a\",\"b\"]",
      "{\"NS\":[\"1\",\"2.5\"]}                           | [1,2.5]",
      "{\"BS\":[\"AAEC\",\"/w==\"]}                       | [\"AAEC\",\"/w==\"]",
      "{\"L\":[{\"S\":\"x\"},{\"N\":\"1\"},{\"NULL\":true}]} | [\"x\",1,null]",
      "{\"L\":[]}                                         | []",
      "{\"M\":{}}                                         | {}",
      "{\"M\":{\"a\":{\"M\":{\"b\":{\"L\":[{\"BOOL\":true}]}}}}} | {\"a\":{\"b\":[true]}}",
  })
  void convertsAttributeValues(String dynamo, String plain) {
    assertThat(Json.write(DynamoJson.toPlain(Json.parse(dynamo)))).isEqualTo(plain);
  }

  @Test
  void keepsNumbersExact() {
    JsonNode small = DynamoJson.toPlain(Json.parse("{\"N\":\"9007199254740993\"}"));
    assertThat(small.isLong()).isTrue();
    assertThat(small.longValue()).isEqualTo(9007199254740993L);

    JsonNode huge = DynamoJson.toPlain(Json.parse("{\"N\":\"12345678901234567890123456789012345678\"}"));
    assertThat(huge.isBigInteger()).isTrue();
    assertThat(huge.bigIntegerValue()).isEqualTo(new BigInteger("12345678901234567890123456789012345678"));
    assertThat(Json.write(huge)).isEqualTo("12345678901234567890123456789012345678");

    JsonNode decimal = DynamoJson.toPlain(Json.parse("{\"N\":\"0.1000000000000000000000000001\"}"));
    assertThat(decimal.isBigDecimal()).isTrue();
    assertThat(decimal.decimalValue()).isEqualByComparingTo(new BigDecimal("0.1000000000000000000000000001"));
  }

  @Test
  void convertsAWholeItem() {
    JsonNode item = Json.parse("{\"id\":{\"S\":\"o1\"},\"total\":{\"N\":\"9.99\"},"
        + "\"lines\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"a\"},\"qty\":{\"N\":\"2\"}}}]}}");
    assertThat(Json.write(DynamoJson.toPlainItem(item)))
        .isEqualTo("{\"id\":\"o1\",\"total\":9.99,\"lines\":[{\"sku\":\"a\",\"qty\":2}]}");
  }

  @Test
  void binaryAsNodesWhenAsked() throws java.io.IOException {
    JsonNode b = DynamoJson.toPlain(Json.parse("{\"B\":\"AAEC\"}"), DynamoJson.Binary.NODE);
    assertThat(b.isBinary()).isTrue();
    assertThat(b.binaryValue()).containsExactly(0, 1, 2);
    JsonNode bs = DynamoJson.toPlain(Json.parse("{\"BS\":[\"/w==\"]}"), DynamoJson.Binary.NODE);
    assertThat(bs.get(0).binaryValue()).containsExactly(0xff);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"X\":\"1\"}                  | attribute '$': unknown DynamoDB type 'X'",
      "{\"S\":\"a\",\"N\":\"1\"}      | exactly one type key",
      "{}                             | exactly one type key",
      "\"plain\"                      | exactly one type key",
      "{\"N\":\"abc\"}                | attribute '$': N value 'abc' is not a number",
      "{\"N\":42}                     | attribute '$': N must hold a string, was 42",
      "{\"BOOL\":\"true\"}            | BOOL must hold a boolean",
      "{\"L\":{}}                     | L must hold an array",
      "{\"M\":{\"a\":{\"L\":[{\"Q\":1}]}}} | attribute '$.a[0]': unknown DynamoDB type 'Q'",
  })
  void rejectsMalformedValues(String dynamo, String message) {
    assertThatThrownBy(() -> DynamoJson.toPlain(Json.parse(dynamo)))
        .isInstanceOf(StreamEventException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsNonObjectItems() {
    assertThatThrownBy(() -> DynamoJson.toPlainItem(Json.parse("[1]")))
        .isInstanceOf(StreamEventException.class)
        .hasMessageContaining("a DynamoDB item must be an object");
  }

  @Test
  void writesSdkValuesAsEventJsonThatRoundTrips() {
    Map<String, AttributeValue> item = Map.of(
        "s", AttributeValue.fromS("x"),
        "n", AttributeValue.fromN("1.25"),
        "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2})),
        "bool", AttributeValue.fromBool(true),
        "nul", AttributeValue.fromNul(true),
        "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromN("7"))),
        "l", AttributeValue.fromL(List.of(AttributeValue.fromS("y"))),
        "ss", AttributeValue.fromSs(List.of("a", "b")),
        "ns", AttributeValue.fromNs(List.of("1")),
        "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {(byte) 0xff}))));
    JsonNode dynamo = DynamoJson.fromSdk(item);
    assertThat(dynamo.get("b").get("B").textValue()).isEqualTo("AAEC");
    assertThat(dynamo.get("nul").get("NULL").booleanValue()).isTrue();
    JsonNode plain = DynamoJson.toPlainItem(dynamo);
    assertThat(Json.write(plain.get("m"))).isEqualTo("{\"k\":7}");
    assertThat(Json.write(plain.get("l"))).isEqualTo("[\"y\"]");
    assertThat(Json.write(plain.get("ss"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(Json.write(plain.get("bs"))).isEqualTo("[\"/w==\"]");
    assertThat(plain.get("n").decimalValue()).isEqualByComparingTo("1.25");
    assertThat(plain.get("nul").isNull()).isTrue();
    assertThat(plain.get("bool").booleanValue()).isTrue();
  }
}
