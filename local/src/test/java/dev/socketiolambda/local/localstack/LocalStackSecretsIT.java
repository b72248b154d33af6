package dev.socketiolambda.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.secrets.SecretEnvironment;
import dev.socketiolambda.functions.secrets.SecretsManagerReader;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A bundle secret given by ARN is read from LocalStack's Secrets Manager (a real implementation of
 * the service's API) into the application's variable, and an unknown ARN fails naming it. Needs
 * Docker; the same reader is tested without it against an in-process endpoint
 * ({@code functions.secrets.SecretsManagerReaderTest}).
 */
@RequiresDocker
class LocalStackSecretsIT {
  private static SecretsManagerClient client() {
    return SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
        .endpointOverride(URI.create(LocalStackContainers.endpoint())).build();
  }

  /** The runtime's reader (its signed GetSecretValue) on LocalStack. */
  private static SecretsManagerReader reader() {
    return SecretsManagerReader.create(UrlConnectionHttpClient.create(), EmbeddedDynamoDb.REGION,
        EmbeddedDynamoDb.credentialsProvider(), URI.create(LocalStackContainers.endpoint()));
  }

  @Test
  void aSecretGivenByArnIsReadIntoItsVariable() {
    try (SecretsManagerClient sm = client()) {
      String value = UUID.randomUUID().toString().replace("-", "");
      String arn = sm.createSecret(b -> b.name("socketio-test-" + UUID.randomUUID()).secretString(value)).arn();

      Map<String, String> env = SecretEnvironment.resolve(Map.of("AUTH_JWT_SECRET_ARN", arn),
          List.of("AUTH_JWT_SECRET"), reader());

      assertThat(env).containsExactlyEntriesOf(Map.of("AUTH_JWT_SECRET", value));
    }
  }

  @Test
  void anUnknownSecretFailsNamingTheVariableAndTheArn() {
    try (SecretsManagerClient sm = client()) {
      String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:missing-" + UUID.randomUUID();

      assertThatThrownBy(() -> SecretEnvironment.resolve(Map.of("AUTH_JWT_SECRET_ARN", arn),
          List.of("AUTH_JWT_SECRET"), reader()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("AUTH_JWT_SECRET_ARN: cannot read secret " + arn);
    }
  }
}
