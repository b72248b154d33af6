package dev.socketiolambda.functions.gateway;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Gives the {@link Gateway} for a management endpoint, building each SDK client once and keeping it
 * for the life of the function instance. The endpoint of a connection is known from its
 * {@code $connect} event ({@code https://<apiId>.execute-api.<region>.amazonaws.com/<stage>}).
 */
public final class GatewayProvider {
  private final Map<String, Gateway> byEndpoint = new ConcurrentHashMap<>();
  private final Function<String, Gateway> factory;

  public GatewayProvider(Function<String, Gateway> factory) {
    this.factory = factory;
  }

  /** A provider of real management API clients sharing one HTTP client. */
  public static GatewayProvider sdk(SdkHttpClient http, Region region, AwsCredentialsProvider credentials) {
    return new GatewayProvider(endpoint -> new ManagementApiGateway(ApiGatewayManagementApiClient.builder()
        .httpClient(http)
        .region(region)
        .credentialsProvider(credentials)
        .endpointOverride(URI.create(endpoint))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
        .build()));
  }

  /** The gateway reaching connections of this endpoint. */
  public Gateway forEndpoint(String endpoint) {
    if (endpoint == null || endpoint.isEmpty()) {
      throw new IllegalArgumentException("management endpoint is unknown");
    }
    return byEndpoint.computeIfAbsent(endpoint, factory);
  }
}
