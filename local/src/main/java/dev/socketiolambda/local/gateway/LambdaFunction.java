package dev.socketiolambda.local.gateway;

/**
 * A Lambda function as the emulator sees it: the event JSON in (exactly as API Gateway would send
 * it), the function's response JSON out ({@code {"statusCode":200,"body":"..."}}, or {@code null}).
 */
@FunctionalInterface
public interface LambdaFunction {

  /**
   * Runs the function once.
   *
   * @param eventJson the API Gateway WebSocket event
   * @return the response JSON, or {@code null} when the function returns nothing
   * @throws Exception any failure; the emulator answers as API Gateway does when a function fails
   */
  String invoke(String eventJson) throws Exception;
}
