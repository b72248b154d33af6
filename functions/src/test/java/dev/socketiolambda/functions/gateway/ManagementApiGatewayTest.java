package dev.socketiolambda.functions.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.delivery.MessageTooLargeException;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.delivery.RetryPolicy;
import dev.socketiolambda.functions.delivery.SizeLimits;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.DeleteConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.DeleteConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionResponse;

/** Status handling of the management API gateway, and retries of the delivery component over it, with a scripted client. */
class ManagementApiGatewayTest {
  /** Answers each call with the next scripted outcome (null = success) and records the requests. */
  static final class ScriptedClient implements ApiGatewayManagementApiClient {
    final Deque<RuntimeException> outcomes = new LinkedList<>(); // holds nulls: success
    final List<String> calls = new ArrayList<>();

    ScriptedClient then(RuntimeException failure) {
      outcomes.add(failure);
      return this;
    }

    private void next(String call) {
      calls.add(call);
      RuntimeException e = outcomes.poll();
      if (e != null) {
        throw e;
      }
    }

    @Override
    public PostToConnectionResponse postToConnection(PostToConnectionRequest r) {
      next("post " + r.connectionId() + " " + r.data().asUtf8String());
      return PostToConnectionResponse.builder().build();
    }

    @Override
    public GetConnectionResponse getConnection(GetConnectionRequest r) {
      next("get " + r.connectionId());
      return GetConnectionResponse.builder().build();
    }

    @Override
    public DeleteConnectionResponse deleteConnection(DeleteConnectionRequest r) {
      next("delete " + r.connectionId());
      return DeleteConnectionResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
  }

  private static AwsErrorDetails details(String code) {
    return AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build();
  }

  static GoneException gone() {
    return (GoneException) GoneException.builder().statusCode(410).awsErrorDetails(details("GoneException")).build();
  }

  static LimitExceededException throttled() {
    return (LimitExceededException) LimitExceededException.builder().statusCode(429)
        .awsErrorDetails(details("LimitExceededException")).build();
  }

  static ApiGatewayManagementApiException status(int code) {
    return (ApiGatewayManagementApiException) ApiGatewayManagementApiException.builder().statusCode(code)
        .awsErrorDetails(details("E" + code)).build();
  }

  /** The delivery component over this gateway, as the engine uses it: retries with tiny pauses. */
  private static Outcome deliver(ScriptedClient client, int attempts) {
    Delivery delivery = new Delivery(new GatewayTransport(id -> new ManagementApiGateway(client), null),
        new RetryPolicy(attempts, 1, 2), SizeLimits.API_GATEWAY, id -> { }, System::currentTimeMillis);
    return delivery.send("c1", List.of("2"), false, delivery.deadlineIn(10_000));
  }

  @Test
  void postSendsTheFrameAsUtf8() {
    ScriptedClient client = new ScriptedClient();

    new ManagementApiGateway(client).post("c1", "42[\"é\"]");

    assertThat(client.calls).containsExactly("post c1 42[\"é\"]");
  }

  @Test
  void goneBecomesConnectionGoneAtOnce() {
    ScriptedClient client = new ScriptedClient().then(gone());

    assertThatThrownBy(() -> new ManagementApiGateway(client).post("c1", "2"))
        .isInstanceOf(ConnectionGoneException.class)
        .satisfies(e -> assertThat(((GatewayException) e).statusCode()).isEqualTo(410));
    assertThat(client.calls).hasSize(1);
    assertThat(deliver(new ScriptedClient().then(gone()), 5).status()).isEqualTo(Outcome.Status.GONE);
  }

  @Test
  void throttlingAndServerErrorsAreRetried() {
    ScriptedClient client = new ScriptedClient().then(throttled()).then(status(503));

    assertThat(deliver(client, 3).delivered()).isTrue();

    assertThat(client.calls).hasSize(3);
  }

  @Test
  void retriesStopAfterMaxAttempts() {
    ScriptedClient client = new ScriptedClient().then(throttled()).then(throttled()).then(throttled());

    Outcome o = deliver(client, 2);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.cause()).isInstanceOf(GatewayException.class).hasMessageContaining("429")
        .satisfies(e -> assertThat(((GatewayException) e).statusCode()).isEqualTo(429));
    assertThat(client.calls).hasSize(2);
  }

  @Test
  void forbiddenIsNotRetried() {
    ScriptedClient client = new ScriptedClient().then((ForbiddenException) ForbiddenException.builder()
        .statusCode(403).awsErrorDetails(details("ForbiddenException")).build());

    Outcome o = deliver(client, 5);

    assertThat(o.cause()).isInstanceOf(GatewayException.class)
        .isNotInstanceOf(ConnectionGoneException.class)
        .satisfies(e -> assertThat(((GatewayException) e).statusCode()).isEqualTo(403));
    assertThat(client.calls).hasSize(1);
  }

  @Test
  void clientErrorsAreRetriedThenReportedWithoutStatus() {
    ScriptedClient client = new ScriptedClient().then(SdkClientException.create("connection reset"))
        .then(SdkClientException.create("connection reset"));

    Outcome o = deliver(client, 2);

    assertThat(o.cause()).isInstanceOf(GatewayException.class)
        .hasMessageContaining("connection reset")
        .satisfies(e -> assertThat(((GatewayException) e).statusCode()).isZero());
    assertThat(client.calls).hasSize(2);
  }

  @Test
  void payloadTooLargeBecomesTheSizeRefusalAndIsNotRetried() {
    ScriptedClient client = new ScriptedClient().then((PayloadTooLargeException) PayloadTooLargeException.builder()
        .statusCode(413).awsErrorDetails(details("PayloadTooLargeException")).build());

    Outcome o = deliver(client, 5);

    assertThat(o.status()).isEqualTo(Outcome.Status.TOO_LARGE);
    assertThat(o.cause()).isInstanceOf(MessageTooLargeException.class)
        .satisfies(e -> assertThat(((GatewayException) e).statusCode()).isEqualTo(413));
    assertThat(client.calls).hasSize(1);
  }

  @Test
  void postTriesOnce() {
    ScriptedClient client = new ScriptedClient().then(throttled());

    assertThatThrownBy(() -> new ManagementApiGateway(client).post("c1", "2"))
        .isInstanceOf(GatewayException.class);
    assertThat(client.calls).hasSize(1);
  }

  @Test
  void isConnectedAsksGetConnection() {
    ScriptedClient client = new ScriptedClient().then(null).then(gone());
    ManagementApiGateway gateway = new ManagementApiGateway(client);

    assertThat(gateway.isConnected("c1")).isTrue();
    assertThat(gateway.isConnected("c2")).isFalse();
  }

  @Test
  void deleteOfAGoneConnectionIsNotAnError() {
    ScriptedClient client = new ScriptedClient().then(gone());

    new ManagementApiGateway(client).delete("c1");

    assertThat(client.calls).containsExactly("delete c1");
  }

  @Test
  void retryableStatuses() {
    assertThat(RetryPolicy.retryable(new GatewayException("x", 429, null))).isTrue();
    assertThat(RetryPolicy.retryable(new GatewayException("x", 500, null))).isTrue();
    assertThat(RetryPolicy.retryable(new GatewayException("x", 504, null))).isTrue();
    assertThat(RetryPolicy.retryable(new GatewayException("x", 400, null))).isFalse();
    assertThat(RetryPolicy.retryable(new GatewayException("x", 403, null))).isFalse();
    assertThat(RetryPolicy.retryable(new MessageTooLargeException(-1, 131_072, null))).isFalse();
    assertThat(RetryPolicy.retryable(new ConnectionGoneException("c", null))).isFalse();
  }
}
