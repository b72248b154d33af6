package dev.socketiolambda.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatConfigTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void defaults() {
    ChatConfig c = ChatConfig.from(Map.of("CHAT_JWT_SECRET", SECRET));
    assertThat(c.table()).isEqualTo("socketio-chat");
    assertThat(c.jwtAudience()).isEqualTo("socketio-chat");
    assertThat(c.jwtIssuer()).isNull();
    assertThat(c.sendRate()).isEqualTo(new RateLimit(10, 10_000));
    assertThat(c.typingRate()).isEqualTo(new RateLimit(20, 10_000));
    assertThat(c.historyPage()).isEqualTo(50);
  }

  @Test
  void everySettingIsRead() {
    ChatConfig c = ChatConfig.from(Map.of("CHAT_JWT_SECRET", SECRET, "CHAT_TABLE", "t", "CHAT_JWT_ISSUER", "me",
        "CHAT_JWT_AUDIENCE", "", "CHAT_SEND_RATE", "1/1s", "CHAT_TYPING_RATE", "2/1m", "CHAT_HISTORY_PAGE", "7"));
    assertThat(c.table()).isEqualTo("t");
    assertThat(c.jwtIssuer()).isEqualTo("me");
    assertThat(c.jwtAudience()).as("empty: any audience").isNull();
    assertThat(c.sendRate()).isEqualTo(new RateLimit(1, 1_000));
    assertThat(c.typingRate()).isEqualTo(new RateLimit(2, 60_000));
    assertThat(c.historyPage()).isEqualTo(7);
  }

  @Test
  void aSecretIsRequiredAndMustBeLongEnough() {
    assertThatThrownBy(() -> ChatConfig.from(Map.of())).hasMessageContaining("CHAT_JWT_SECRET is not set");
    assertThatThrownBy(() -> ChatConfig.from(Map.of("CHAT_JWT_SECRET", "short")).jwt())
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> ChatConfig.from(Map.of("CHAT_JWT_SECRET", SECRET, "CHAT_HISTORY_PAGE", "500")))
        .hasMessageContaining("CHAT_HISTORY_PAGE");
  }
}
