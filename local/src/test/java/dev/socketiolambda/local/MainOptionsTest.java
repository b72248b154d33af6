package dev.socketiolambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.local.dynamo.DynamoFaultKind;
import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import dev.socketiolambda.local.gateway.FaultSettings;
import dev.socketiolambda.local.streams.StreamPollerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the stream poller, fault injection and fan-out options. */
class MainOptionsTest {
  @TempDir
  Path dir;

  @Test
  void defaultsInjectNothingAndPollNoStream() {
    LocalOptions o = Main.parse(new String[0]);
    assertThat(o.streamRules()).isNull();
    assertThat(o.streams()).isEqualTo(StreamPollerSettings.DEFAULT);
    assertThat(o.faults()).isEqualTo(FaultSettings.NONE);
    assertThat(o.faults().isNone()).isTrue();
    assertThat(o.faults().dynamo().isNone()).isTrue();
    assertThat(o.fanOut()).isEqualTo(FanOutSettings.DEFAULT);
    assertThat(o).isEqualTo(LocalOptions.defaults());
  }

  @Test
  void streamFaultAndFanOutOptions() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.json"), "{}");
    LocalOptions o = Main.parse(new String[] {"--port", "0", "--stream-rules", rules.toString(),
        "--stream-batch-size", "10", "--stream-poll-ms", "25", "--stream-max-retries", "5", "--stream-bisect", "false",
        "--post-latency-ms", "20", "--post-failure-rate", "0.1", "--post-failure-kinds", "500, 429,410",
        "--fault-seed", "-7", "--fanout-concurrency", "32", "--fanout-shard-threshold", "100",
        "--fanout-shard-size", "50"});
    assertThat(o.streamRules()).isEqualTo(rules);
    assertThat(o.streams().batchSize()).isEqualTo(10);
    assertThat(o.streams().pollInterval()).isEqualTo(Duration.ofMillis(25));
    assertThat(o.streams().maxRetryAttempts()).isEqualTo(5);
    assertThat(o.streams().bisectBatchOnFunctionError()).isFalse();
    assertThat(o.faults()).isEqualTo(new FaultSettings(20, 0.1, List.of(500, 429, 410), -7));
    assertThat(o.fanOut()).isEqualTo(FanOutSettings.DEFAULT.withConcurrency(32).withShards(100, 50));
  }

  @Test
  void routeResponsesAreOffAsDeployedUnlessTheOptionTurnsThemOn() {
    assertThat(LocalStack.routeResponses(Main.parse(new String[] {}).appEnv())).isFalse();
    assertThat(LocalStack.routeResponses(Main.parse(new String[] {"--route-responses", "on"}).appEnv())).isTrue();
    assertThat(LocalStack.routeResponses(Main.parse(new String[] {"--route-responses", "off"}).appEnv())).isFalse();
    assertThatThrownBy(() -> LocalStack.routeResponses(Main.parse(new String[] {"--route-responses", "maybe"}).appEnv()))
        .hasMessageContaining("SOCKETIO_ROUTE_RESPONSES");
  }

  @Test
  void parallelDefaultOptionRunsAConnectionsFramesOutOfOrder() {
    assertThat(Main.parse(new String[] {}).faults().parallelDefault()).isFalse();
    LocalOptions o = Main.parse(new String[] {"--parallel-default-ms", "40"});
    assertThat(o.faults().parallelDefault()).isTrue();
    assertThat(o.faults().parallelDefaultMs()).isEqualTo(40);
  }

  @Test
  void dynamoFaultOptions() {
    LocalOptions o = Main.parse(new String[] {"--dynamo-failure-rate", "0.02", "--dynamo-failure-kinds",
        "throttle,500, unprocessed,timeout", "--dynamo-fault-operations", "PutItem, Query", "--dynamo-fault-seed", "-3",
        "--dynamo-timeout-ms", "200", "--post-failure-rate", "0.05"});
    assertThat(o.faults().dynamo()).isEqualTo(new DynamoFaultSettings(0.02, List.of(DynamoFaultKind.THROTTLE,
        DynamoFaultKind.INTERNAL_ERROR, DynamoFaultKind.UNPROCESSED, DynamoFaultKind.TIMEOUT),
        Set.of("PutItem", "Query"), -3, 200));
    assertThat(o.faults().postFailureRate()).isEqualTo(0.05);
    assertThatThrownBy(() -> Main.parse(new String[] {"--dynamo-failure-rate", "2"}))
        .hasMessageContaining("--dynamo-failure-rate");
    assertThatThrownBy(() -> Main.parse(new String[] {"--dynamo-failure-kinds", "throttle,429"}))
        .hasMessageContaining("--dynamo-failure-kinds").hasMessageContaining("429");
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--post-failure-rate", "1.5"}))
        .hasMessageContaining("--post-failure-rate");
    assertThatThrownBy(() -> Main.parse(new String[] {"--post-failure-kinds", "404"}))
        .hasMessageContaining("--post-failure-kinds").hasMessageContaining("404");
    assertThatThrownBy(() -> Main.parse(new String[] {"--stream-batch-size", "0"}))
        .hasMessageContaining("--stream-batch-size").hasMessageContaining("1..1000");
    assertThatThrownBy(() -> Main.parse(new String[] {"--stream-rules", dir.resolve("missing.json").toString()}))
        .hasMessageContaining("--stream-rules").hasMessageContaining("no such file");
    assertThatThrownBy(() -> Main.parse(new String[] {"--stream-bisect", "maybe"}))
        .hasMessageContaining("--stream-bisect");
  }

  @Test
  void theTwelveArgumentConstructorKeepsWorking() {
    LocalOptions o = new LocalOptions("demo", 0, 0, 25_000, 20_000, 45_000, 1_000_000, 1_000,
        Duration.ofMinutes(10), Duration.ofHours(2), null, "socketio");
    assertThat(o.streams()).isEqualTo(StreamPollerSettings.DEFAULT);
    assertThat(o.faults()).isEqualTo(FaultSettings.NONE);
  }

  @Test
  void chatGetsItsPageAndAppSettings() {
    LocalOptions o = Main.parse(new String[] {"--app", "chat", "--app-env", "CHAT_SEND_RATE=5/10s",
        "--app-env", "AUTH_JWT_SECRET=a=b"});
    assertThat(o.app()).isEqualTo("chat");
    assertThat(o.webPort()).isEqualTo(3001);
    assertThat(o.appEnv()).containsEntry("CHAT_SEND_RATE", "5/10s").containsEntry("AUTH_JWT_SECRET", "a=b");
    assertThat(Main.parse(new String[] {"--app", "chat", "--web-port", "0"}).webPort()).isZero();
    assertThat(Main.parse(new String[] {}).webPort()).as("the demo app has no page").isEqualTo(-1);
    assertThatThrownBy(() -> Main.parse(new String[] {"--app-env", "NOEQUALS"})).hasMessageContaining("NAME=VALUE");
    assertThatThrownBy(() -> Main.parse(new String[] {"--app-env", "=x"})).hasMessageContaining("NAME=VALUE");
  }

  @Test
  void badChatSettingsFailTheStartBeforeAnythingRuns() {
    assertThatThrownBy(() -> LocalStack.start(LocalOptions.forApp("chat").withPort(0).withWebPort(0)
        .withAppEnv("AUTH_JWT_SECRET", "too-short"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> LocalStack.start(LocalOptions.forApp("chat").withPort(0).withWebPort(0)
        .withAppEnv("CHAT_SEND_RATE", "lots"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate limit 'lots'");
  }
}
