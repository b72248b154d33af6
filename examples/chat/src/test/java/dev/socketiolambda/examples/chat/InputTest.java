package dev.socketiolambda.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputTest {
  private static Input in(String json) {
    return Input.of(List.of(Json.parse(json)), true);
  }

  private static void invalid(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(ChatError.class, e -> {
      assertThat(e.code()).isEqualTo(ChatError.VALIDATION);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void thePayloadMustBeAnObject() {
    invalid(() -> Input.of(List.of(), true), "the payload must be an object");
    invalid(() -> Input.of(List.<JsonNode>of(Json.parse("\"x\"")), true), "the payload must be an object");
    invalid(() -> Input.of(List.<JsonNode>of(Json.parse("[1]")), false), "the payload must be an object");
    invalid(() -> Input.of(List.<JsonNode>of(Json.nodes().nullNode()), true), "the payload must be an object");
    assertThat(Input.of(List.of(), false).limit(7)).isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"general", "a", "team-1_x", "0abc"})
  void acceptsChannelIds(String id) {
    assertThat(in("{\"channelId\":\"" + id + "\"}").channelId()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"General\"", "\"-x\"", "\"a b\"", "\"a/b\"", "1", "null", "[\"a\"]"})
  void refusesChannelIds(String json) {
    assertThatThrownBy(() -> in("{\"channelId\":" + json + "}").channelId()).isInstanceOf(ChatError.class)
        .hasMessageStartingWith("channelId must be");
    String tooLong = "a".repeat(65);
    invalid(() -> in("{\"channelId\":\"" + tooLong + "\"}").channelId(),
        "channelId must be 1-64 lowercase letters, digits, '-' or '_'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1|1", "42|42", "9007199254740991|9007199254740991", "3.0|3"})
  void acceptsMessageIds(String json, long expected) {
    assertThat(in("{\"messageId\":" + json + "}").messageId()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1.5", "\"1\"", "true", "9007199254740992", "1e300", "{}"})
  void refusesMessageIds(String json) {
    assertThatThrownBy(() -> in("{\"messageId\":" + json + "}").messageId()).isInstanceOf(ChatError.class)
        .hasMessageStartingWith("messageId must be a positive integer");
  }

  @Test
  void messageIdIsRequiredButCursorsAreOptional() {
    invalid(() -> in("{}").messageId(), "messageId is required");
    assertThat(in("{}").optionalId("before")).isZero();
    assertThat(in("{\"before\":null}").optionalId("before")).isZero();
    assertThat(in("{\"before\":9}").optionalId("before")).isEqualTo(9);
  }

  @Test
  void contentIsTrimmedAndBounded() {
    assertThat(in("{\"content\":\"  hi\\nthere\\t \"}").content()).isEqualTo("hi\nthere");
    assertThat(in("{\"content\":\"" + "é".repeat(4000) + "\"}").content()).hasSize(4000);
    assertThat(in("{\"content\":\"<b>not html</b> \\ud83d\\ude00\"}").content()).isEqualTo("<b>not html</b> \ud83d\ude00");
    invalid(() -> in("{\"content\":\"" + "x".repeat(4001) + "\"}").content(), "content is longer than 4000 characters");
    invalid(() -> in("{\"content\":\" \\n \"}").content(), "content must not be empty");
    invalid(() -> in("{\"content\":\"a\\u0000b\"}").content(), "content must not contain control characters");
    invalid(() -> in("{\"content\":\"a\\u007fb\"}").content(), "content must not contain control characters");
    invalid(() -> in("{\"content\":5}").content(), "content must be a string");
    invalid(() -> in("{}").content(), "content must be a string");
  }

  @Test
  void reactionsComeFromTheFixedSet() {
    for (String r : ChatLimits.REACTIONS) {
      assertThat(in("{\"reaction\":\"" + r + "\"}").reaction()).isEqualTo(r);
    }
    invalid(() -> in("{\"reaction\":\"LIKE\"}").reaction(), "reaction must be one of like, love, laugh, wow, sad, angry");
    invalid(() -> in("{}").reaction(), "reaction must be one of like, love, laugh, wow, sad, angry");
  }

  @Test
  void limitsAndClientIds() {
    assertThat(in("{\"limit\":100}").limit(50)).isEqualTo(100);
    invalid(() -> in("{\"limit\":0}").limit(50), "limit must be an integer from 1 to 100");
    invalid(() -> in("{\"limit\":101}").limit(50), "limit must be an integer from 1 to 100");
    invalid(() -> in("{\"limit\":\"5\"}").limit(50), "limit must be an integer from 1 to 100");
    assertThat(in("{\"clientId\":\"c1\"}").clientId()).isEqualTo("c1");
    assertThat(in("{}").clientId()).isNull();
    invalid(() -> in("{\"clientId\":\"" + "x".repeat(65) + "\"}").clientId(),
        "clientId must be a string of at most 64 characters");
  }
}
