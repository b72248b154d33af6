package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.secrets.SecretReader;
import dev.socketiolambda.functions.testing.SecretsManagerEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime's Secrets Manager reader against a local endpoint that answers as the service does (JSON 1.1). */
class SecretsManagerSecretTest {
  static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-jwt-AbCdEf";
  SecretsManagerEndpoint endpoint;

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void readsTheSecretStringOnce() {
    SecretReader client = serving(200, "{\"ARN\":\"" + ARN + "\",\"Name\":\"chat-jwt\","
        + "\"SecretString\":\"0123456789abcdef0123456789abcdef\",\"VersionId\":\"v1\"}");
    AuthSettings s = AuthSettings.from(Map.of("AUTH_JWT_SECRET_ARN", ARN), arn -> SecretsManagerSecret.read(client, arn));
    assertThat(new String(s.hmacSecret(), StandardCharsets.UTF_8)).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(endpoint.requests()).singleElement().asString().contains("secretsmanager.GetSecretValue").contains(ARN);
  }

  @Test
  void aMissingSecretNamesTheArn() {
    SecretReader client = serving(400, "{\"__type\":\"ResourceNotFoundException\","
        + "\"Message\":\"Secrets Manager can't find the specified secret.\"}");
    assertThatThrownBy(() -> SecretsManagerSecret.read(client, ARN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AUTH_JWT_SECRET_ARN: cannot read secret " + ARN);
  }

  SecretReader serving(int status, String body) {
    endpoint = SecretsManagerEndpoint.answering(status, body);
    return endpoint.reader();
  }
}
