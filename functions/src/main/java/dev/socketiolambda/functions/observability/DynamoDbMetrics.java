package dev.socketiolambda.functions.observability;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Counts a DynamoDB client's HTTP requests (every attempt, retries included), its throttled answers
 * and its server errors into a {@link Meter}. Added to the clients the runtime builds.
 */
public final class DynamoDbMetrics implements ExecutionInterceptor {
  private final Meter meter;

  public DynamoDbMetrics(Meter meter) {
    this.meter = meter;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    meter.count(Metric.DYNAMODB_REQUESTS);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    SdkHttpResponse r = context.httpResponse();
    if (r.statusCode() >= 500) {
      meter.count(Metric.DYNAMODB_ERRORS);
    } else if (r.statusCode() == 400 && throttled(r.firstMatchingHeader("x-amzn-ErrorType").orElse(""))) {
      meter.count(Metric.DYNAMODB_THROTTLES);
    }
  }

  static boolean throttled(String errorType) {
    return errorType.contains("ThrottlingException") || errorType.contains("ProvisionedThroughputExceeded")
        || errorType.contains("RequestLimitExceeded");
  }
}
