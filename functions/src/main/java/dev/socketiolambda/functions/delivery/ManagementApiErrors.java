package dev.socketiolambda.functions.delivery;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * The one translation of management API failures into the runtime's: the blocking SDK client's
 * exceptions ({@link #translate}) and the broadcasts' poster's HTTP answers ({@link #fromAnswer}) alike.
 */
public final class ManagementApiErrors {
  private ManagementApiErrors() {}

  /** 410 becomes {@link ConnectionGoneException}, 413 a size refusal, the rest a {@link GatewayException}. */
  public static GatewayException translate(String connectionId, Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof GatewayException g) {
      return g;
    }
    if (t instanceof GoneException) {
      return new ConnectionGoneException(connectionId, t);
    }
    if (t instanceof PayloadTooLargeException
        || (t instanceof ApiGatewayManagementApiException e && e.statusCode() == 413)) {
      return new MessageTooLargeException(-1,
          SizeLimits.API_GATEWAY.messageBytes(), t);
    }
    if (t instanceof ApiGatewayManagementApiException e) {
      String detail = e.awsErrorDetails() == null ? "" : ": " + e.awsErrorDetails().errorMessage();
      return new GatewayException("post to " + connectionId + " failed with " + e.statusCode() + detail,
          e.statusCode(), e);
    }
    if (t instanceof SdkClientException e) {
      return new GatewayException("post to " + connectionId + " failed: " + e.getMessage(), 0, e);
    }
    return new GatewayException("post to " + connectionId + " failed: " + t, 0, t);
  }

  /**
   * An error answer of {@code @connections/{connectionId}}, as {@link #translate} maps the SDK's
   * exception for it: 410 or {@code GoneException} becomes {@link ConnectionGoneException}, 413 or
   * {@code PayloadTooLargeException} a size refusal, the rest a {@link GatewayException} with the status.
   *
   * @param errorType the {@code x-amzn-ErrorType} header, or null
   * @param message the body's {@code message}, or null
   */
  public static GatewayException fromAnswer(String connectionId, int status, String errorType, String message) {
    String type = errorType == null ? "" : errorType.contains(":") ? errorType.substring(0, errorType.indexOf(':'))
        : errorType;
    if (status == 410 || type.equals("GoneException")) {
      return new ConnectionGoneException(connectionId, null);
    }
    if (status == 413 || type.equals("PayloadTooLargeException")) {
      return new MessageTooLargeException(-1, SizeLimits.API_GATEWAY.messageBytes(), null);
    }
    return new GatewayException("post to " + connectionId + " failed with " + status
        + (message == null ? "" : ": " + message), status, null);
  }
}
