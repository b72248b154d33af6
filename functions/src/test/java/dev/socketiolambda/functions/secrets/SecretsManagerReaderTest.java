package dev.socketiolambda.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.testing.SecretsManagerEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader's signed GetSecretValue against an in-process endpoint ({@link SecretsManagerEndpoint}). */
class SecretsManagerReaderTest {
  static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-jwt-AbCdEf";
  static final String VALUE = "Q7vWm2Xr9LkPz4Ns8TbYc1HjEu6FgDa3";
  SecretsManagerEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void readsTheSecretStringWithOneGetSecretValue() {
    SecretsManagerReader reader = serving(200, "{\"ARN\":\"" + ARN + "\",\"Name\":\"chat-jwt\","
        + "\"SecretString\":\"" + VALUE + "\",\"VersionId\":\"v1\"}");

    assertThat(reader.read(ARN)).isEqualTo(VALUE);
    assertThat(endpoint.requests()).singleElement().asString().startsWith("secretsmanager.GetSecretValue ")
        .contains("\"SecretId\":\"" + ARN + "\"");
  }

  @Test
  void readsABinarySecretAsText() {
    SecretsManagerReader reader = serving(200, "{\"ARN\":\"" + ARN + "\",\"SecretBinary\":\""
        + Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)) + "\"}");

    assertThat(reader.read(ARN)).isEqualTo(VALUE);
  }

  @Test
  void anEmptySecretIsRefused() {
    SecretsManagerReader reader = serving(200, "{\"ARN\":\"" + ARN + "\",\"SecretString\":\"\"}");

    assertThatThrownBy(() -> reader.read(ARN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret " + ARN + " is empty");
  }

  @Test
  void aDeniedReadNamesTheSecretAndTheServicesError() {
    SecretsManagerReader reader = serving(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not "
        + "authorized to perform: secretsmanager:GetSecretValue\"}");

    assertThatThrownBy(() -> reader.read(ARN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read secret " + ARN + ": ")
        .hasMessageContaining("secretsmanager:GetSecretValue");
  }

  SecretsManagerReader serving(int status, String body) {
    endpoint = SecretsManagerEndpoint.answering(status, body);
    return endpoint.reader();
  }
}
