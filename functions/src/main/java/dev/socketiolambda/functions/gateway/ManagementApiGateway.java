package dev.socketiolambda.functions.gateway;

import dev.socketiolambda.functions.Backoff;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link Gateway} over the real {@link ApiGatewayManagementApiClient}: 410 becomes
 * {@link ConnectionGoneException}, 429 and 5xx are retried with full jitter.
 */
public final class ManagementApiGateway implements Gateway {
  private final ApiGatewayManagementApiClient client;
  private final int maxAttempts;

  public ManagementApiGateway(ApiGatewayManagementApiClient client, int maxAttempts) {
    this.client = client;
    this.maxAttempts = Math.max(1, maxAttempts);
  }

  @Override
  public void post(String connectionId, String frame) {
    send(connectionId, frame, maxAttempts);
  }

  @Override
  public void postOnce(String connectionId, String frame) {
    send(connectionId, frame, 1);
  }

  private void send(String connectionId, String frame, int attempts) {
    SdkBytes data = SdkBytes.fromUtf8String(frame);
    for (int attempt = 1; ; attempt++) {
      try {
        client.postToConnection(b -> b.connectionId(connectionId).data(data));
        return;
      } catch (GoneException e) {
        throw new ConnectionGoneException(connectionId, e);
      } catch (ApiGatewayManagementApiException e) {
        int status = e.statusCode();
        if (!retryable(status) || attempt >= attempts) {
          throw new GatewayException("post to " + connectionId + " failed with " + status + ": "
              + e.awsErrorDetails().errorMessage(), status, e);
        }
      } catch (SdkClientException e) {
        if (attempt >= attempts) {
          throw new GatewayException("post to " + connectionId + " failed: " + e.getMessage(), 0, e);
        }
      }
      Backoff.sleepWithJitter(attempt, 25, 1_000);
    }
  }

  static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  @Override
  public boolean isConnected(String connectionId) {
    try {
      client.getConnection(b -> b.connectionId(connectionId));
      return true;
    } catch (GoneException e) {
      return false;
    }
  }

  @Override
  public void delete(String connectionId) {
    try {
      client.deleteConnection(b -> b.connectionId(connectionId));
    } catch (GoneException e) {
      // already gone
    }
  }
}
