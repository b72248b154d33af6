package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A {@link Poster} over the asynchronous management API client: many posts in flight on a few
 * threads. SDK retries are off; the fan-out engine retries with jitter itself.
 */
public final class SdkAsyncPoster implements Poster, AutoCloseable {
  private final ApiGatewayManagementApiAsyncClient client;

  public SdkAsyncPoster(ApiGatewayManagementApiAsyncClient client) {
    this.client = client;
  }

  /** A client for one management endpoint with a Netty HTTP client sized for the concurrency. */
  public static SdkAsyncPoster create(String endpoint, Region region, AwsCredentialsProvider credentials,
      int maxConcurrency) {
    // httpClientBuilder, not httpClient: the SDK then closes the Netty client with the SDK client
    return new SdkAsyncPoster(ApiGatewayManagementApiAsyncClient.builder()
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(Math.max(1, maxConcurrency))
            .connectionAcquisitionTimeout(Duration.ofSeconds(30)))
        .region(region)
        .credentialsProvider(credentials)
        .endpointOverride(URI.create(endpoint))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
        .build());
  }

  @Override
  public CompletableFuture<Void> post(String connectionId, String frame) {
    return client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)))
        .handle((ok, error) -> {
          if (error == null) {
            return null;
          }
          throw new CompletionException(translate(connectionId, error));
        });
  }

  static RuntimeException translate(String connectionId, Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof GoneException) {
      return new ConnectionGoneException(connectionId, t);
    }
    if (t instanceof ApiGatewayManagementApiException e) {
      return new GatewayException("post to " + connectionId + " failed with " + e.statusCode(), e.statusCode(), e);
    }
    if (t instanceof SdkClientException e) {
      return new GatewayException("post to " + connectionId + " failed: " + e.getMessage(), 0, e);
    }
    return new GatewayException("post to " + connectionId + " failed: " + t, 0, t);
  }

  @Override
  public void close() {
    client.close();
  }
}
