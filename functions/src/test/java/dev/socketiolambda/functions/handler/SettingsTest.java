package dev.socketiolambda.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.store.DueIndexSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
  @Test
  void defaultsWhenNothingIsSet() {
    Settings s = Settings.from(Map.of());

    assertThat(s.appClass()).isNull();
    assertThat(s.table()).isEqualTo("socketio");
    assertThat(s.managementEndpoint()).isNull();
    assertThat(s.openFunction()).isNull();
    assertThat(s.dynamoEndpoint()).isNull();
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.engine()).isEqualTo(EngineConfig.DEFAULT);
    assertThat(s.due()).isEqualTo(DueIndexSettings.DEFAULT);
  }

  @Test
  void readsEveryVariable() {
    Settings s = Settings.from(Map.ofEntries(
        Map.entry("SOCKETIO_APP", "com.example.ChatApp"),
        Map.entry("SOCKETIO_TABLE", "chat-state"),
        Map.entry("SOCKETIO_MANAGEMENT_ENDPOINT", "https://abc.execute-api.eu-west-1.amazonaws.com/prod"),
        Map.entry("SOCKETIO_OPEN_FUNCTION", "chat-open"),
        Map.entry("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"),
        Map.entry("AWS_REGION", "eu-west-1"),
        Map.entry("SOCKETIO_PING_INTERVAL_MS", "300"),
        Map.entry("SOCKETIO_PING_TIMEOUT_MS", " 200 "),
        Map.entry("SOCKETIO_MAX_PAYLOAD", "1000000"),
        Map.entry("SOCKETIO_CONNECT_TIMEOUT_MS", "1000"),
        Map.entry("SOCKETIO_ACK_TIMEOUT_MS", "5000"),
        Map.entry("SOCKETIO_ROUTE_RESPONSES", "false"),
        Map.entry("SOCKETIO_FANOUT_CONCURRENCY", "32"),
        Map.entry("SOCKETIO_POST_ATTEMPTS", "2"),
        Map.entry("SOCKETIO_OPEN_RETRY_MS", "0"),
        Map.entry("SOCKETIO_DUE_BUCKET_MS", "30000"),
        Map.entry("SOCKETIO_DUE_SHARDS", "4"),
        Map.entry("SOCKETIO_DUE_LOOKBACK", "20")));

    assertThat(s.appClass()).isEqualTo("com.example.ChatApp");
    assertThat(s.table()).isEqualTo("chat-state");
    assertThat(s.managementEndpoint()).isEqualTo("https://abc.execute-api.eu-west-1.amazonaws.com/prod");
    assertThat(s.openFunction()).isEqualTo("chat-open");
    assertThat(s.dynamoEndpoint()).isEqualTo("http://127.0.0.1:8000");
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.engine()).isEqualTo(new EngineConfig(300, 200, 1_000_000, 1_000, 5_000, false, 32, 2, 0));
    assertThat(s.due()).isEqualTo(new DueIndexSettings(30_000, 4, 20, DueIndexSettings.DEFAULT.rowLifetimeMs()));
  }

  @Test
  void blankValuesMeanUnset() {
    Settings s = Settings.from(Map.of("SOCKETIO_MANAGEMENT_ENDPOINT", " ", "SOCKETIO_OPEN_FUNCTION", "",
        "DYNAMODB_ENDPOINT", "\t", "SOCKETIO_PING_INTERVAL_MS", " "));

    assertThat(s.managementEndpoint()).isNull();
    assertThat(s.openFunction()).isNull();
    assertThat(s.dynamoEndpoint()).isNull();
    assertThat(s.engine().pingInterval()).isEqualTo(EngineConfig.DEFAULT.pingInterval());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "12s", "1.5", "0x10", "99999999999999999999"})
  void nonNumericValueIsRefusedWithTheVariableName(String value) {
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_PING_INTERVAL_MS", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SOCKETIO_PING_INTERVAL_MS must be a whole number, was '" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", " yes ", "1", "On"})
  void routeResponsesAcceptsTheUsualSpellingsOfTrue(String value) {
    assertThat(Settings.from(Map.of("SOCKETIO_ROUTE_RESPONSES", value)).engine().routeResponses()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "No", "0", "off"})
  void routeResponsesAcceptsTheUsualSpellingsOfFalse(String value) {
    assertThat(Settings.from(Map.of("SOCKETIO_ROUTE_RESPONSES", value)).engine().routeResponses()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"y", "enabled", "2", "truee"})
  void routeResponsesRefusesAnythingElse(String value) {
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_ROUTE_RESPONSES", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SOCKETIO_ROUTE_RESPONSES must be true or false, was '" + value + "'");
  }

  @Test
  void nonNumericDueSettingIsRefusedToo() {
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_DUE_SHARDS", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SOCKETIO_DUE_SHARDS");
  }

  @Test
  void invalidCombinationsAreRefused() {
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_PING_INTERVAL_MS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_PING_INTERVAL_MS", "2147483000",
        "SOCKETIO_PING_TIMEOUT_MS", "1000"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2147483647");
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_FANOUT_CONCURRENCY", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanoutConcurrency=0");
    assertThatThrownBy(() -> Settings.from(Map.of("SOCKETIO_DUE_BUCKET_MS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucketMs=0");
  }
}
