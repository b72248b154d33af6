package dev.socketiolambda.functions.secrets;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads secrets with one {@code GetSecretValue} each through a Secrets Manager client built once
 * (the function role needs {@code secretsmanager:GetSecretValue} on those secrets only). Values are
 * never logged nor put in exception messages.
 */
public final class SecretsManagerReader implements SecretReader {
  private final SecretsManagerClient client;

  public SecretsManagerReader(SecretsManagerClient client) {
    this.client = client;
  }

  /**
   * A reader over a new client on this HTTP client (the runtime's URL-connection client).
   *
   * @param endpoint an endpoint override (tests), or null for the region's
   */
  public static SecretsManagerReader create(SdkHttpClient http, Region region, AwsCredentialsProvider credentials,
      URI endpoint) {
    SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(http).region(region)
        .credentialsProvider(credentials);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return new SecretsManagerReader(builder.build());
  }

  @Override
  public String read(String secretId) {
    GetSecretValueResponse value;
    try {
      value = client.getSecretValue(r -> r.secretId(secretId));
    } catch (SdkException e) {
      throw new IllegalArgumentException("cannot read secret " + secretId + ": " + e.getMessage(), e);
    }
    String text = value.secretString() != null ? value.secretString()
        : value.secretBinary() == null ? null : value.secretBinary().asUtf8String();
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("secret " + secretId + " is empty");
    }
    return text;
  }
}
