package dev.socketiolambda.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.RuntimeBuilder;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.testing.SecretsManagerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bundle's secret given by ARN reaches the application as its variable, read once per runtime
 * through the real SDK client against the in-process Secrets Manager endpoint of
 * {@link SecretsManagerEndpoint}; given directly (the local stack), nothing is read.
 */
class RuntimeSecretsTest {
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-jwt-AbCdEf";
  private static final String VALUE = "Q7vWm2Xr9LkPz4Ns8TbYc1HjEu6FgDa3";
  private static final BundleSecret SECRET = new BundleSecret("JwtSecret", "APP_JWT_SECRET", "test key", 32);

  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
  private SecretsManagerEndpoint endpoint;

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private SecretsManagerReader serving(int status, String body) {
    endpoint = SecretsManagerEndpoint.answering(status, body);
    return endpoint.reader();
  }

  private final AppBundle bundle = new AppBundle() {
    @Override
    public String name() {
      return "secret-test";
    }

    @Override
    public String description() {
      return "reads APP_JWT_SECRET";
    }

    @Override
    public List<BundleSecret> secrets() {
      return List.of(SECRET);
    }

    @Override
    public SocketIoApp createApp(AppContext context) {
      seen.add(context.env());
      return io -> {};
    }
  };

  private Runtime runtime(Map<String, String> appEnv, SecretReader reader) {
    return RuntimeBuilder.of(Settings.from(Map.of("AWS_REGION", "eu-west-1", "DYNAMODB_ENDPOINT",
        "http://127.0.0.1:1"))).appEnv(appEnv).bundle(bundle).store(new InMemoryStateStore()).secretReader(reader)
        .build();
  }

  @Test
  void aSecretGivenByArnIsReadOnceWhenTheApplicationIsBuilt() {
    SecretsManagerReader reader = serving(200, "{\"ARN\":\"" + ARN + "\",\"SecretString\":\"" + VALUE + "\"}");
    Runtime runtime = runtime(Map.of("APP_JWT_SECRET_ARN", ARN, "APP_MODE", "test"), reader);
    assertThat(endpoint.requests()).as("nothing is read before the application is needed").isEmpty();

    runtime.app();
    runtime.appContext();
    runtime.app();

    assertThat(seen).containsExactly(Map.of("APP_JWT_SECRET", VALUE, "APP_MODE", "test"));
    assertThat(runtime.appContext().env()).doesNotContainKey("APP_JWT_SECRET_ARN");
    assertThat(endpoint.requests()).hasSize(1);
  }

  @Test
  void aDirectValueAsOnTheLocalStackReadsNothing() {
    SecretsManagerReader reader = serving(500, "{}");

    runtime(Map.of("APP_JWT_SECRET", VALUE), reader).app();

    assertThat(seen).containsExactly(Map.of("APP_JWT_SECRET", VALUE));
    assertThat(endpoint.requests()).isEmpty();
  }

  @Test
  void anUnreadableSecretStopsTheApplicationWithTheVariableAndSecretNamed() {
    SecretsManagerReader reader = serving(400, "{\"__type\":\"ResourceNotFoundException\","
        + "\"Message\":\"Secrets Manager can't find the specified secret.\"}");
    Runtime runtime = runtime(Map.of("APP_JWT_SECRET_ARN", ARN), reader);

    assertThatThrownBy(runtime::app).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("APP_JWT_SECRET_ARN: cannot read secret " + ARN);
    assertThat(seen).isEmpty();
  }
}
