package dev.socketiolambda.functions.observability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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

  /** Every answer, retried ones included: a 5xx is an error; a 400 is read for its error type (throttling). */
  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    SdkHttpResponse r = context.httpResponse();
    Optional<InputStream> body = context.responseBody();
    if (r.statusCode() >= 500) {
      meter.count(Metric.DYNAMODB_ERRORS);
    } else if (r.statusCode() == 400 && body.isPresent()) {
      // error bodies are small JSON documents ({"__type":"...#ThrottlingException","message":...})
      byte[] bytes = read(body.get());
      if (throttled(r.firstMatchingHeader("x-amzn-ErrorType").orElse("")
          + new String(bytes, StandardCharsets.UTF_8))) {
        meter.count(Metric.DYNAMODB_THROTTLES);
      }
      return Optional.of(new ByteArrayInputStream(bytes));
    }
    return body;
  }

  private static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean throttled(String errorType) {
    return errorType.contains("ThrottlingException") || errorType.contains("ProvisionedThroughputExceeded")
        || errorType.contains("RequestLimitExceeded");
  }
}
