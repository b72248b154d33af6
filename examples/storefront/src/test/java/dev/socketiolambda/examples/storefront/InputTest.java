package dev.socketiolambda.examples.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.protocol.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputTest {
  @Test
  void moneyTakesTwoDecimalsAtMost() {
    assertThat(Input.money(Json.parse("{\"price\":12.50}"), "price", true)).isEqualByComparingTo("12.5");
    assertThat(Input.money(Json.parse("{\"price\":100}"), "price", true).toPlainString()).isEqualTo("100");
    assertThatThrownBy(() -> Input.money(Json.parse("{\"price\":1.234}"), "price", true))
        .isInstanceOf(StorefrontError.class).hasMessageContaining("price");
    assertThatThrownBy(() -> Input.money(Json.parse("{\"price\":\"1\"}"), "price", true))
        .hasMessage("price must be a number");
    assertThatThrownBy(() -> Input.money(Json.parse("{\"price\":-1}"), "price", true))
        .isInstanceOf(StorefrontError.class);
  }

  @Test
  void countsAreWholeAndBounded() {
    assertThat(Input.count(Json.parse("{}"), "stock", 0, 10, 3L)).isEqualTo(3);
    assertThatThrownBy(() -> Input.count(Json.parse("{\"stock\":1.5}"), "stock", 0, 10, null))
        .hasMessage("stock must be a whole number");
    assertThatThrownBy(() -> Input.count(Json.parse("{\"stock\":11}"), "stock", 0, 10, null))
        .hasMessage("stock must be from 0 to 10");
  }

  @Test
  void idsAreShortAndPlain() {
    assertThat(Input.id("productId", "p_1a")).isEqualTo("p_1a");
    assertThatThrownBy(() -> Input.id("productId", "a/b")).isInstanceOf(StorefrontError.class);
    assertThatThrownBy(() -> Input.id("productId", "x".repeat(65))).isInstanceOf(StorefrontError.class);
  }

  @Test
  void periodsAreSecondsOrWholeMinutes() {
    assertThat(StorefrontConfig.period(Map.of("P", "5s"), "P").toSeconds()).isEqualTo(5);
    assertThat(StorefrontConfig.period(Map.of(), "P").toSeconds()).isEqualTo(60);
    assertThat(StorefrontConfig.period(Map.of("P", "2m"), "P").toSeconds()).isEqualTo(120);
    assertThatThrownBy(() -> StorefrontConfig.period(Map.of("P", "90s"), "P"))
        .hasMessageContaining("P must be");
    assertThatThrownBy(() -> StorefrontConfig.period(Map.of("P", "often"), "P"))
        .hasMessageContaining("P must be");
  }
}
