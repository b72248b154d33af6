package dev.socketiolambda.functions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.ConformanceBundle;
import dev.socketiolambda.functions.apps.DemoBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.Bundles;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeTest {
  @Test
  void loadsTheApplicationByClassName() {
    assertThat(app("dev.socketiolambda.functions.apps.DemoApp")).isInstanceOf(DemoApp.class);
    assertThat(app("  dev.socketiolambda.functions.apps.ConformanceApp\n"))
        .isInstanceOf(ConformanceApp.class);
  }

  @Test
  void unknownClassGivesAClearMessage() {
    assertThatThrownBy(() -> Bundles.find("com.example.NoSuchApp"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot create SOCKETIO_APP com.example.NoSuchApp: it must be a public SocketIoApp with a "
            + "public no-argument constructor")
        .hasCauseInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void classThatIsNotAnApplicationGivesTheSameMessage() {
    assertThatThrownBy(() -> Bundles.find("java.lang.StringBuilder"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot create SOCKETIO_APP java.lang.StringBuilder: it must be a public SocketIoApp");
  }

  @Test
  void applicationWithoutANoArgumentConstructorGivesTheSameMessage() {
    assertThatThrownBy(() -> Bundles.find(NeedsArguments.class.getName()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("public no-argument constructor");
  }

  @Test
  void noClassAndNoServiceEntrySaysHowToConfigureOne() {
    assertThatThrownBy(() -> Bundles.find(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SOCKETIO_APP").hasMessageContaining("ServiceLoader");
  }

  private static SocketIoApp app(String setting) {
    return Bundles.find(setting).createApp(new AppContext(Map.of(), () -> null, System::currentTimeMillis));
  }

  private static Runtime runtime(String managementEndpoint) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_REGION", "eu-west-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:1"));
    if (managementEndpoint != null) {
      env.put("SOCKETIO_MANAGEMENT_ENDPOINT", managementEndpoint);
    }
    return RuntimeBuilder.of(Settings.from(env)).app(new DemoApp()).build();
  }

  @Test
  void bundlesAreFoundByName() {
    assertThat(Bundles.find("demo")).isInstanceOf(DemoBundle.class);
    assertThat(Bundles.find(" conformance ")).isInstanceOf(ConformanceBundle.class);
    assertThat(Bundles.find("dev.socketiolambda.functions.apps.DemoBundle")).isInstanceOf(DemoBundle.class);
  }

  @Test
  void anUnknownBundleNameListsTheBundlesThereAre() {
    assertThatThrownBy(() -> Bundles.find("orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no application named 'orders': the bundles on the class path are ")
        .hasMessageContaining("demo").hasMessageContaining("conformance");
  }

  @Test
  void theEngineIsBuiltOnFirstUseAndTheBundleAtOnce() {
    java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
    Runtime r = RuntimeBuilder.of(Settings.from(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:1")))
        .app(io -> built.incrementAndGet()).build();

    assertThat(built).hasValue(0);
    r.engine();
    r.engine();
    assertThat(built).hasValue(1);
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
    Runtime r = runtime(null);

    assertThat(r.endpointFor("abc123.execute-api.eu-west-1.amazonaws.com", "prod", "abc123"))
        .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
  }

  @Test
  void endpointOfACustomDomainIsBuiltFromTheApiIdAndRegion() {
    Runtime r = runtime(null);

    assertThat(r.endpointFor("ws.example.com", "prod", "abc123"))
        .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
  }

  @Test
  void configuredEndpointWins() {
    Runtime r = runtime("http://localhost:4510");

    assertThat(r.endpointFor("abc123.execute-api.eu-west-1.amazonaws.com", "prod", "abc123"))
        .isEqualTo("http://localhost:4510");
    assertThat(r.endpointFor("ws.example.com", "prod", "abc123")).isEqualTo("http://localhost:4510");
  }

  @Test
  void fromSettingsBuildsTheRuntimeWithoutCallingAws() {
    Runtime r = RuntimeBuilder.of(Settings.from(Map.of(
        "SOCKETIO_APP", DemoApp.class.getName(),
        "AWS_REGION", "eu-central-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:1",
        "SOCKETIO_PING_INTERVAL_MS", "60000"))).build();

    assertThat(r.engine().config()).isEqualTo(new EngineConfig(60_000, EngineConfig.DEFAULT.pingTimeout(),
        EngineConfig.DEFAULT.maxPayload(), EngineConfig.DEFAULT.connectTimeout(),
        EngineConfig.DEFAULT.defaultAckTimeout(), EngineConfig.DEFAULT.routeResponses(), EngineConfig.DEFAULT.fanoutConcurrency(),
        EngineConfig.DEFAULT.postAttempts(), EngineConfig.DEFAULT.openRetryMs()));
    assertThat(r.openTrigger()).isNotNull();
    assertThat(r.endpointFor("abc.execute-api.eu-central-1.amazonaws.com", "dev", "abc"))
        .isEqualTo("https://abc.execute-api.eu-central-1.amazonaws.com/dev");
  }

  @Test
  void fromSettingsFailsWithTheAppMessageWhenTheAppIsMissing() {
    assertThatThrownBy(() -> RuntimeBuilder.of(Settings.from(Map.of("SOCKETIO_APP", "com.example.Gone"))).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("com.example.Gone");
  }
}
