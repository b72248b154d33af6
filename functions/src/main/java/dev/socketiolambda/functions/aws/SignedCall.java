package dev.socketiolambda.functions.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.Backoff;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * One SigV4-signed HTTP POST to an AWS service, over the SDK's signer and HTTP client (both already
 * there for DynamoDB): the runtime's one-operation calls (Lambda {@code Invoke}, SQS
 * {@code SendMessageBatch}, Secrets Manager {@code GetSecretValue}) go through here instead of a whole
 * SDK service client each, which keeps those clients out of the deployment artifacts. Like the SDK's
 * standard retry mode, a call is tried up to {@value #ATTEMPTS} times when the connection fails, the
 * service answers 5xx or 429, or it names a throttling error; other answers are returned as they are.
 */
public final class SignedCall {
  static final int ATTEMPTS = 3;

  private final SdkHttpClient http;
  private final SigV4 signer;

  public SignedCall(SdkHttpClient http, AwsCredentialsProvider credentials, Region region) {
    this.http = Objects.requireNonNull(http, "http");
    this.signer = new SigV4(credentials, region);
  }

  /** The credentials each call is signed with. */
  public AwsCredentialsProvider credentials() {
    return signer.credentials();
  }

  /**
   * The service's endpoint: as the SDK clients, an override in {@code aws.endpointUrl<ServiceId>}
   * (system property), {@code AWS_ENDPOINT_URL_<SERVICE_ID>} or {@code AWS_ENDPOINT_URL}, else the
   * regional endpoint {@code https://<prefix>.<region>.<partition domain>}.
   *
   * @param serviceId the SDK's service id, e.g. {@code "Lambda"}, {@code "Secrets Manager"}
   */
  public URI endpoint(String prefix, String serviceId) {
    String property = System.getProperty("aws.endpointUrl" + serviceId.replace(" ", ""));
    String variable = System.getenv("AWS_ENDPOINT_URL_" + serviceId.toUpperCase(java.util.Locale.ROOT).replace(' ', '_'));
    String override = property != null ? property : variable != null ? variable : System.getenv("AWS_ENDPOINT_URL");
    if (override != null && !override.isBlank()) {
      return URI.create(override.trim());
    }
    Region region = signer.region();
    RegionMetadata metadata = region.metadata();
    String domain = metadata != null ? metadata.domain() : "amazonaws.com";
    return URI.create("https://" + prefix + "." + region.id() + "." + domain);
  }

  /** The service's answer: its status, body (UTF-8) and, for an error, its code and message. */
  public record Reply(int status, String body, String errorCode, String errorMessage) {
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The body as JSON (an empty object for an empty body). */
    public JsonNode json() {
      try {
        return body.isEmpty() ? Json.object() : Json.parse(body);
      } catch (ProtocolException e) {
        throw new AwsCallException("unreadable answer (" + status + "): " + e.getMessage(), e);
      }
    }

    /** This reply as an exception: status, error code and message, never the request. */
    public AwsCallException failure(String operation) {
      return new AwsCallException(operation + " failed: " + status + " " + errorCode
          + (errorMessage == null ? "" : ": " + errorMessage), null);
    }
  }

  /**
   * POSTs {@code body} to {@code uri}, signed for {@code service} in this region.
   *
   * @throws AwsCallException when the service cannot be reached after the attempts
   */
  public Reply post(URI uri, String service, Map<String, String> headers, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    AwsCallException lastFailure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (attempt > 1) {
        Backoff.sleepWithJitter(attempt - 1, 100, 1_000);
      }
      try {
        Reply reply = send(uri, service, headers, bytes);
        if (!retryable(reply) || attempt == ATTEMPTS) {
          return reply;
        }
      } catch (UncheckedIOException e) {
        lastFailure = new AwsCallException(service + " at " + uri.getHost() + ": " + e.getCause(), e.getCause());
      }
    }
    throw lastFailure;
  }

  private Reply send(URI uri, String service, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Length", Integer.toString(body.length));
    SignedRequest signed = signer.sign(SdkHttpMethod.POST, uri, service, all, body);
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
          .contentStreamProvider(signed.payload().orElse(null)).build()).call();
      String text;
      try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int status = response.httpResponse().statusCode();
      if (status / 100 == 2) {
        return new Reply(status, text, null, null);
      }
      return error(status, text, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An error answer: the code from {@code __type} (JSON protocols) or {@code x-amzn-ErrorType} (REST). */
  private static Reply error(int status, String body, String typeHeader) {
    String code = typeHeader;
    String message = null;
    try {
      JsonNode json = body.isBlank() ? null : Json.parse(body);
      if (json != null && json.isObject()) {
        code = json.hasNonNull("__type") ? json.get("__type").asText() : code;
        message = json.hasNonNull("message") ? json.get("message").asText()
            : json.hasNonNull("Message") ? json.get("Message").asText() : null;
      }
    } catch (ProtocolException e) {
      message = null; // not JSON (a proxy's page): the status says it
    }
    if (code != null) { // "com.amazonaws.sqs#QueueDoesNotExist", "ResourceNotFoundException:http://..."
      code = code.substring(code.indexOf('#') + 1);
      code = code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
    }
    return new Reply(status, body, code == null ? "HTTP" + status : code, message);
  }

  private static boolean retryable(Reply reply) {
    String code = reply.errorCode() == null ? "" : reply.errorCode();
    return reply.status() >= 500 || reply.status() == 429 || code.contains("Throttl")
        || code.equals("TooManyRequestsException") || code.equals("RequestLimitExceeded");
  }
}
