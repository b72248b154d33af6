package dev.socketiolambda.functions.auth;

import dev.socketiolambda.functions.handler.LambdaCredentials;
import dev.socketiolambda.functions.secrets.SecretReader;
import dev.socketiolambda.functions.secrets.SecretsManagerReader;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Reads the HS256 key named by {@code AUTH_JWT_SECRET_ARN} from Secrets Manager, once, when the
 * function starts (one {@code GetSecretValue}; the function's role needs
 * {@code secretsmanager:GetSecretValue} on that secret only). The value is never logged.
 */
public final class SecretsManagerSecret {
  private SecretsManagerSecret() {}

  /** The auth settings of a Lambda function's environment, the secret read from Secrets Manager when named. */
  public static AuthSettings loadSettings(Map<String, String> env) {
    return AuthSettings.from(env, arn -> {
      try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
        return read(SecretsManagerReader.create(http, Region.of(env.getOrDefault("AWS_REGION", "us-east-1")),
            LambdaCredentials.provider(), null), arn);
      }
    });
  }

  /**
   * The secret's text (or its binary value as UTF-8).
   *
   * @throws IllegalArgumentException naming the ARN when it cannot be read or is empty
   */
  public static String read(SecretReader reader, String arn) {
    try {
      return reader.read(arn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("AUTH_JWT_SECRET_ARN: " + e.getMessage(), e);
    }
  }

}
