package dev.socketiolambda.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatConfigTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void defaults() {
    ChatConfig c = ChatConfig.from(Map.of("AUTH_JWT_SECRET", SECRET));
    assertThat(c.table()).isEqualTo("socketio-chat");
    assertThat(c.auth().audiences()).as("the shared settings: unset accepts any").isEmpty();
    assertThat(c.auth().issuer()).isNull();
    assertThat(c.sendRate()).isEqualTo(new RateLimit(10, 10_000));
    assertThat(c.typingRate()).isEqualTo(new RateLimit(20, 10_000));
    assertThat(c.historyPage()).isEqualTo(50);
  }

  @Test
  void everySettingIsRead() {
    ChatConfig c = ChatConfig.from(Map.of("AUTH_JWT_SECRET", SECRET, "CHAT_TABLE", "t", "AUTH_ISSUER", "me",
        "AUTH_AUDIENCE", "socketio-chat", "CHAT_SEND_RATE", "1/1s", "CHAT_TYPING_RATE", "2/1m",
        "CHAT_HISTORY_PAGE", "7"));
    assertThat(c.table()).isEqualTo("t");
    assertThat(c.auth().issuer()).isEqualTo("me");
    assertThat(c.auth().audiences()).containsExactly("socketio-chat");
    assertThat(c.sendRate()).isEqualTo(new RateLimit(1, 1_000));
    assertThat(c.typingRate()).isEqualTo(new RateLimit(2, 60_000));
    assertThat(c.historyPage()).isEqualTo(7);
  }

  @Test
  void aSecretIsRequiredAndMustBeLongEnough() {
    assertThatThrownBy(() -> ChatConfig.from(Map.of())).hasMessageContaining("AUTH_JWT_SECRET");
    assertThatThrownBy(() -> ChatConfig.from(Map.of("AUTH_JWT_SECRET", "short")))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> ChatConfig.from(Map.of("AUTH_JWT_SECRET", SECRET, "CHAT_HISTORY_PAGE", "500")))
        .hasMessageContaining("CHAT_HISTORY_PAGE");
  }
}
