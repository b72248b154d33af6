package dev.socketiolambda.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.limits.Limit;
import java.time.Duration;
import java.util.List;
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
    assertThat(c.rates()).isEqualTo(new ChatRates("socketio-chat-limits", Limit.parse("10/10s"),
        Limit.parse("20/10s"), Limit.parse("120/10s"), Limit.parse("30/10s")));
    assertThat(c.historyPage()).isEqualTo(50);
  }

  @Test
  void everySettingIsRead() {
    ChatConfig c = ChatConfig.from(Map.of("AUTH_JWT_SECRET", SECRET, "CHAT_TABLE", "t", "AUTH_ISSUER", "me",
        "AUTH_AUDIENCE", "socketio-chat", "CHAT_SEND_RATE", "1/1s", "CHAT_TYPING_RATE", "2/1m", "CHAT_HISTORY_PAGE", "7",
        "CHAT_LIMITS_TABLE", "l", "CHAT_RECEIPT_RATE", "3/1h", "CHAT_WRITE_RATE", "4/500ms"));
    assertThat(c.table()).isEqualTo("t");
    assertThat(c.auth().issuer()).isEqualTo("me");
    assertThat(c.auth().audiences()).containsExactly("socketio-chat");
    assertThat(c.rates()).isEqualTo(new ChatRates("l", Limit.of(1, Duration.ofSeconds(1)),
        Limit.of(2, Duration.ofMinutes(1)), Limit.of(3, Duration.ofHours(1)), Limit.of(4, Duration.ofMillis(500))));
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

  @Test
  void aBadRateNamesItsVariable() {
    assertThatThrownBy(() -> ChatConfig.from(Map.of("AUTH_JWT_SECRET", SECRET, "CHAT_WRITE_RATE", "lots")))
        .hasMessageStartingWith("CHAT_WRITE_RATE: rate limit 'lots' must look like 10/10s");
  }

  @Test
  void everyWriteEventCountsAgainstACounterAndReadsDoNot() {
    ChatRates r = ChatConfig.from(Map.of("AUTH_JWT_SECRET", SECRET)).rates();
    assertThat(r.counterOf("fetch_messages")).isEmpty();
    assertThat(r.counterOf("send_message")).contains(new ChatRates.Counter("send", r.send()));
    assertThat(r.counterOf("typing_stop")).contains(new ChatRates.Counter("typing", r.typing()));
    assertThat(r.counterOf("mark_as_delivered")).contains(new ChatRates.Counter("receipts", r.receipts()));
    for (String write : List.of("edit_message", "delete_message", "add_reaction", "remove_reaction", "join_channel",
        "leave_channel", "user_online", "user_offline")) {
      assertThat(r.counterOf(write)).as(write).contains(new ChatRates.Counter("write", r.writes()));
    }
  }
}
