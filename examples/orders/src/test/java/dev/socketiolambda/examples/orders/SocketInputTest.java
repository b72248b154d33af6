package dev.socketiolambda.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketInputTest {
  private static List<JsonNode> args(String json) {
    return List.of(Json.parse(json));
  }

  @Test
  void idsComeAsTheSeedSendsThemOrWrapped() {
    assertThat(SocketInput.id(args("\"ord-1\""), "orderId")).isEqualTo("ord-1");
    assertThat(SocketInput.id(args("{\"orderId\":\"ord-1\"}"), "orderId")).isEqualTo("ord-1");
    assertThat(SocketInput.id(args("42"), "orderId")).isEqualTo("42");
  }

  @Test
  void badIdsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> SocketInput.id(List.of(), "orderId")).hasMessage("orderId is required");
    assertThatThrownBy(() -> SocketInput.id(args("\"a b\""), "orderId")).hasMessageContaining("orderId must be 1-64");
    assertThatThrownBy(() -> SocketInput.id(args("{\"x\":1}"), "deliveryId")).hasMessage("deliveryId is required");
    assertThatThrownBy(() -> SocketInput.id(args("[1]"), "orderId")).hasMessage("orderId must be a string");
  }

  @Test
  void locationsAreRangeChecked() {
    SocketInput.Location l = SocketInput.location(args(
        "{\"orderId\":\"o1\",\"latitude\":0,\"longitude\":-180,\"speed\":-1,\"heading\":90}"));
    assertThat(l).isEqualTo(new SocketInput.Location("o1", 0, -180, null, 90.0));
    assertThatThrownBy(() -> SocketInput.location(args("{\"orderId\":\"o1\",\"latitude\":91,\"longitude\":0}")))
        .isInstanceOf(OrdersError.class).hasMessage("latitude must be between -90 and 90");
    assertThatThrownBy(() -> SocketInput.location(args("{\"orderId\":\"o1\",\"latitude\":1,\"longitude\":\"2\"}")))
        .hasMessage("longitude must be a number");
    assertThatThrownBy(() -> SocketInput.location(args("{\"latitude\":1,\"longitude\":2}")))
        .hasMessage("orderId is required");
    assertThatThrownBy(() -> SocketInput.location(args(
        "{\"orderId\":\"o1\",\"latitude\":1,\"longitude\":2,\"heading\":400}"))).hasMessageContaining("heading");
    assertThatThrownBy(() -> SocketInput.location(args("\"o1\""))).hasMessage("delivery:location needs an object payload");
  }

  @Test
  void registrationFieldsAreOptionalButTyped() {
    assertThat(SocketInput.registration(args("{}"))).isEqualTo(new SocketInput.Registration(null, null));
    assertThat(SocketInput.registration(args("{\"userId\":\"u\",\"role\":\"admin\"}")))
        .isEqualTo(new SocketInput.Registration("u", "admin"));
    assertThatThrownBy(() -> SocketInput.registration(args("{\"role\":5}"))).hasMessageContaining("role must be");
  }
}
