package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
  private static final JsonNode ITEM = Json.parse("{\"customerId\":\"u-42\",\"orderId\":\"o-1\",\"n\":7,"
      + "\"big\":12345678901234567890,\"price\":9.50,\"vip\":true,\"empty\":\"\",\"none\":null,"
      + "\"customer\":{\"id\":\"c9\",\"address\":{\"city\":\"Lyon\"}},\"tags\":[\"a\",\"b\"],"
      + "\"lines\":[{\"sku\":\"s1\"}]}");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "role:admin                   | role:admin",
      "user:${customerId}           | user:u-42",
      "order:${orderId}:${customerId} | order:o-1:u-42",
      "${orderId}                   | o-1",
      "n-${n}                       | n-7",
      "big-${big}                   | big-12345678901234567890",
      "p-${price}                   | p-9.5",
      "vip-${vip}                   | vip-true",
      "city:${customer.address.city} | city:Lyon",
      "sku:${lines.0.sku}           | sku:s1",
      "tag:${tags.1}                | tag:b",
      "cost $5 {x}                  | cost $5 {x}",
      "a$${orderId}                 | a$o-1",
  })
  void fillsPlaceholdersFromTheItem(String template, String expected) {
    assertThat(Template.parse(template).render(ITEM)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "user:${missing}         | missing",
      "user:${empty}           | empty",
      "user:${none}            | none",
      "user:${customer}        | customer",
      "user:${tags}            | tags",
      "user:${customer.nope}   | customer.nope",
      "user:${orderId.deeper}  | orderId.deeper",
      "${orderId}-${lines.5.sku} | lines.5.sku",
  })
  void leavesTemplatesWithUnusableValuesUnresolved(String template, String unresolved) {
    Template t = Template.parse(template);
    assertThat(t.render(ITEM)).isNull();
    assertThat(t.firstUnresolved(ITEM)).isEqualTo(unresolved);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "user:${customerId     | unclosed '${' at position 5 in 'user:${customerId'",
      "${}                   | empty '${}' at position 0 in '${}'",
      "x${ }                 | empty '${}' at position 1 in 'x${ }'",
      "${ a }                | blank around 'a' at position 0 in '${ a }'",
      "${a.}                 | attribute path 'a.' has an empty segment at position 0 in '${a.}'",
      "${a${b}}              | nested '${' at position 0 in '${a${b}}'",
  })
  void rejectsBadTemplates(String template, String message) {
    assertThatThrownBy(() -> Template.parse(template)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
