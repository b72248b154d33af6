package dev.socketiolambda.functions.gateway;

import dev.socketiolambda.functions.delivery.ManagementApiErrors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link Gateway} over the real blocking {@link ApiGatewayManagementApiClient}; failures are
 * translated by {@link ManagementApiErrors} (410 becomes {@link ConnectionGoneException}).
 */
public final class ManagementApiGateway implements Gateway {
  private final ApiGatewayManagementApiClient client;

  public ManagementApiGateway(ApiGatewayManagementApiClient client) {
    this.client = client;
  }

  @Override
  public void post(String connectionId, String frame) {
    try {
      client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
    } catch (SdkException e) {
      throw ManagementApiErrors.translate(connectionId, e);
    }
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
