package dev.socketiolambda.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputTest {
  private static Input in(String json) {
    return Input.required(List.of(Json.parse(json)));
  }

  private static void refused(Runnable r, String code, String message) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(SupportError.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void thePayloadMustBeAnObject() {
    refused(() -> Input.required(List.of()), "VALIDATION", "the payload must be an object");
    refused(() -> Input.required(List.<JsonNode>of(Json.parse("[1]"))), "VALIDATION", "must be an object");
    refused(() -> Input.required(List.<JsonNode>of(Json.parse("\"q1\""))), "VALIDATION", "must be an object");
  }

  @Test
  void queryIdsAreShortSafeWords() {
    assertThat(in("{\"queryId\":\"q-0123abcd\"}").queryId()).isEqualTo("q-0123abcd");
    refused(() -> in("{}").queryId(), "VALIDATION", "queryId is required");
    refused(() -> in("{\"queryId\":7}").queryId(), "VALIDATION", "queryId must be");
    refused(() -> in("{\"queryId\":\"a:b\"}").queryId(), "VALIDATION", "queryId must be");
    refused(() -> in("{\"queryId\":\"" + "x".repeat(65) + "\"}").queryId(), "VALIDATION", "queryId must be");
  }

  @Test
  void textIsStrippedBoundedAndFreeOfControlCharacters() {
    assertThat(in("{\"content\":\"  hi\\nthere \"}").text("content", 10)).isEqualTo("hi\nthere");
    refused(() -> in("{\"content\":\"   \"}").text("content", 10), "VALIDATION", "content must not be empty");
    refused(() -> in("{\"content\":\"12345678901\"}").text("content", 10), "VALIDATION", "longer than 10");
    refused(() -> in("{\"content\":\"a\\u0007b\"}").text("content", 10), "VALIDATION", "control characters");
    refused(() -> in("{\"content\":[]}").text("content", 10), "VALIDATION", "content must be a string");
    refused(() -> in("{}").text("content", 10), "VALIDATION", "content is required");
  }

  @Test
  void aClaimedIdentityMustBeTheTokensOwn() {
    in("{}").claimed("senderId", "v1");
    in("{\"senderId\":\"v1\"}").claimed("senderId", "v1");
    refused(() -> in("{\"senderId\":\"v2\"}").claimed("senderId", "v1"), "FORBIDDEN", "identity comes from your token");
    refused(() -> in("{\"senderId\":1}").claimed("senderId", "v1"), "FORBIDDEN", "senderId must be your own");
  }

  @Test
  void pagingTakesAPositiveCursorAndABoundedLimit() {
    assertThat(in("{}").before()).isZero();
    assertThat(in("{\"before\":12}").before()).isEqualTo(12);
    assertThat(in("{\"before\":\"12\"}").before()).isEqualTo(12);
    refused(() -> in("{\"before\":0}").before(), "VALIDATION", "before must be a positive message id");
    refused(() -> in("{\"before\":\"x\"}").before(), "VALIDATION", "before must be");
    assertThat(in("{}").limit(50)).isEqualTo(50);
    assertThat(in("{\"limit\":3}").limit(50)).isEqualTo(3);
    refused(() -> in("{\"limit\":101}").limit(50), "VALIDATION", "limit must be an integer from 1 to 100");
    refused(() -> in("{\"limit\":2.5}").limit(50), "VALIDATION", "limit");
  }

  @Test
  void typingDefaultsToTrueAndMustBeABoolean() {
    assertThat(in("{}").isTyping()).isTrue();
    assertThat(in("{\"isTyping\":false}").isTyping()).isFalse();
    refused(() -> in("{\"isTyping\":\"no\"}").isTyping(), "VALIDATION", "isTyping must be a boolean");
  }
}
