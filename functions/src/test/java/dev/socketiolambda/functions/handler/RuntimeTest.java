package dev.socketiolambda.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeTest {
  @Test
  void loadsTheApplicationByClassName() {
    assertThat(Runtime.loadApp("dev.socketiolambda.functions.apps.DemoApp")).isInstanceOf(DemoApp.class);
    assertThat(Runtime.loadApp("  dev.socketiolambda.functions.apps.ConformanceApp\n"))
        .isInstanceOf(ConformanceApp.class);
  }

  @Test
  void unknownClassGivesAClearMessage() {
    assertThatThrownBy(() -> Runtime.loadApp("com.example.NoSuchApp"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot create SOCKETIO_APP com.example.NoSuchApp: it must be a public SocketIoApp with a "
            + "public no-argument constructor")
        .hasCauseInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void classThatIsNotAnApplicationGivesTheSameMessage() {
    assertThatThrownBy(() -> Runtime.loadApp("java.lang.StringBuilder"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot create SOCKETIO_APP java.lang.StringBuilder: it must be a public SocketIoApp");
  }

  @Test
  void applicationWithoutANoArgumentConstructorGivesTheSameMessage() {
    assertThatThrownBy(() -> Runtime.loadApp(NeedsArguments.class.getName()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("public no-argument constructor");
  }

  @Test
  void noClassAndNoServiceEntrySaysHowToConfigureOne() {
    assertThatThrownBy(() -> Runtime.loadApp(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SOCKETIO_APP").hasMessageContaining("ServiceLoader");
  }

  /** An application the runtime cannot create. */
  public static final class NeedsArguments implements SocketIoApp {
    public NeedsArguments(String name) {
    }

    @Override
    public void configure(SocketIoServer io) {
    }
  }

  @Test
  void endpointOfAnExecuteApiDomainIsItsStageUrl() {
    Runtime r = new Runtime(null, id -> { }, null, "eu-west-1");

    assertThat(r.endpointFor("abc123.execute-api.eu-west-1.amazonaws.com", "prod", "abc123"))
        .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
  }

  @Test
  void endpointOfACustomDomainIsBuiltFromTheApiIdAndRegion() {
    Runtime r = new Runtime(null, id -> { }, null, "eu-west-1");

    assertThat(r.endpointFor("ws.example.com", "prod", "abc123"))
        .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
  }

  @Test
  void configuredEndpointWins() {
    Runtime r = new Runtime(null, id -> { }, "http://localhost:4510", "eu-west-1");

    assertThat(r.endpointFor("abc123.execute-api.eu-west-1.amazonaws.com", "prod", "abc123"))
        .isEqualTo("http://localhost:4510");
    assertThat(r.endpointFor("ws.example.com", "prod", "abc123")).isEqualTo("http://localhost:4510");
  }

  @Test
  void fromSettingsBuildsTheRuntimeWithoutCallingAws() {
    Runtime r = Runtime.fromSettings(Settings.from(Map.of(
        "SOCKETIO_APP", DemoApp.class.getName(),
        "AWS_REGION", "eu-central-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:1",
        "SOCKETIO_PING_INTERVAL_MS", "60000")));

    assertThat(r.engine().config()).isEqualTo(new EngineConfig(60_000, EngineConfig.DEFAULT.pingTimeout(),
        EngineConfig.DEFAULT.maxPayload(), EngineConfig.DEFAULT.connectTimeout(),
        EngineConfig.DEFAULT.defaultAckTimeout(), true, EngineConfig.DEFAULT.fanoutConcurrency(),
        EngineConfig.DEFAULT.postAttempts(), EngineConfig.DEFAULT.openRetryMs()));
    assertThat(r.openTrigger()).isNotNull();
    assertThat(r.endpointFor("abc.execute-api.eu-central-1.amazonaws.com", "dev", "abc"))
        .isEqualTo("https://abc.execute-api.eu-central-1.amazonaws.com/dev");
  }

  @Test
  void fromSettingsFailsWithTheAppMessageWhenTheAppIsMissing() {
    assertThatThrownBy(() -> Runtime.fromSettings(Settings.from(Map.of("SOCKETIO_APP", "com.example.Gone"))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("com.example.Gone");
  }
}
