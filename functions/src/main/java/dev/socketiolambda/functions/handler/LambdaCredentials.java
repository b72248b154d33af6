package dev.socketiolambda.functions.handler;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * Credentials as Lambda provides them: environment variables on ordinary functions, the
 * container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) on SnapStart-restored
 * functions, which get no key variables. Cheaper at cold start than the full default chain.
 */
public final class LambdaCredentials {
  private LambdaCredentials() {}

  public static AwsCredentialsProvider provider() {
    return AwsCredentialsProviderChain.builder()
        .reuseLastProviderEnabled(true)
        .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
            ContainerCredentialsProvider.builder().build())
        .build();
  }
}
