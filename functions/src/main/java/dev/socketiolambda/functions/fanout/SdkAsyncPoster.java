package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.delivery.ManagementApiErrors;
import dev.socketiolambda.functions.delivery.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * A {@link Transport} over the asynchronous management API client: many posts in flight on a few
 * threads. SDK retries are off; {@link dev.socketiolambda.functions.delivery.Delivery} retries.
 */
public final class SdkAsyncPoster implements Transport, AutoCloseable {
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
  public CompletableFuture<Void> send(String connectionId, String frame) {
    return client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)))
        .handle((ok, error) -> {
          if (error == null) {
            return null;
          }
          throw new CompletionException(ManagementApiErrors.translate(connectionId, error));
        });
  }

  @Override
  public void close(String connectionId) {
    try {
      client.deleteConnection(b -> b.connectionId(connectionId)).join();
    } catch (CompletionException e) {
      // already gone or unreachable
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
