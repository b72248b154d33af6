package dev.socketiolambda.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.handler.AsyncInvoke;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Signed calls against an in-process HTTP server answering scripted replies; what it receives is checked. */
class SignedCallTest {
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<String[]> replies = new ConcurrentLinkedQueue<>(); // {status, body}
  private HttpServer server;

  private final SignedCall call = new SignedCall(UrlConnectionHttpClient.create(),
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), Region.EU_WEST_1);

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aCallIsSignedForItsServiceAndRegion() {
    URI uri = serve(new String[] {"200", "{\"ok\":true}"});

    SignedCall.Reply reply = call.post(uri, "sqs", Map.of("X-Amz-Target", "AmazonSQS.SendMessageBatch"), "{}");

    assertThat(reply.ok()).isTrue();
    assertThat(reply.json().path("ok").asBoolean()).isTrue();
    Map<String, String> request = received.get(0);
    assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/sqs/aws4_request").contains("SignedHeaders=").contains("host")
        .contains("x-amz-date").contains("x-amz-target").contains("Signature=");
    assertThat(request.get("x-amz-target")).isEqualTo("AmazonSQS.SendMessageBatch");
    assertThat(request.get("body")).isEqualTo("{}");
  }

  @Test
  void aServerErrorOrThrottleIsTriedAgainUpToThreeTimes() {
    URI uri = serve(new String[] {"500", "{}"}, new String[] {"400", "{\"__type\":\"com.amazonaws.sqs#RequestThrottled\"}"},
        new String[] {"200", "{}"});

    assertThat(call.post(uri, "sqs", Map.of(), "{}").ok()).isTrue();
    assertThat(received).hasSize(3);
  }

  @Test
  void anErrorIsReturnedWithItsCodeAndMessageAndNotTriedAgain() {
    URI uri = serve(new String[] {"400", "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"no queue\"}"});

    SignedCall.Reply reply = call.post(uri, "sqs", Map.of(), "{}");

    assertThat(reply.ok()).isFalse();
    assertThat(reply.errorCode()).isEqualTo("QueueDoesNotExist");
    assertThat(reply.failure("SendMessageBatch")).hasMessage("SendMessageBatch failed: 400 QueueDoesNotExist: no queue");
    assertThat(received).hasSize(1);
  }

  @Test
  void anUnreachableServiceFailsAfterTheAttempts() {
    assertThatThrownBy(() -> call.post(URI.create("http://127.0.0.1:1/"), "sqs", Map.of(), "{}"))
        .isInstanceOf(AwsCallException.class).hasMessageContaining("sqs at 127.0.0.1");
  }

  @Test
  void theOpenStepIsAnAsynchronousInvokeOfTheFunctionArn() {
    URI uri = serve(new String[] {"202", ""});
    String function = "arn:aws:lambda:eu-west-1:123456789012:function:open:live";

    new AsyncInvoke(call, uri, function).trigger("abc=");

    Map<String, String> request = received.get(0);
    assertThat(request.get("path")).isEqualTo("/2015-03-31/functions/" + function.replace(":", "%3A") + "/invocations");
    assertThat(request.get("x-amz-invocation-type")).isEqualTo("Event");
    assertThat(request.get("authorization")).contains("/eu-west-1/lambda/aws4_request");
    assertThat(request.get("body")).isEqualTo("{\"connectionId\":\"abc=\"}");
  }

  @Test
  void aRefusedInvokeFailsNamingTheServicesError() {
    URI uri = serve(new String[] {"404", "{\"Type\":\"User\",\"message\":\"Function not found\"}"});

    assertThatThrownBy(() -> new AsyncInvoke(call, uri, "open").trigger("abc="))
        .isInstanceOf(AwsCallException.class).hasMessage("Lambda Invoke failed: 404 HTTP404: Function not found");
  }

  @Test
  void theRegionalEndpointIsTheServicesInItsPartition() {
    assertThat(call.endpoint("lambda", "Lambda")).isEqualTo(URI.create("https://lambda.eu-west-1.amazonaws.com"));
    assertThat(new SignedCall(UrlConnectionHttpClient.create(), call.credentials(), Region.CN_NORTH_1)
        .endpoint("secretsmanager", "Secrets Manager"))
        .isEqualTo(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn"));
  }

  @Test
  void anEndpointOverrideIsTakenAsTheSdkTakesIt() {
    System.setProperty("aws.endpointUrlSecretsManager", "http://127.0.0.1:4566");
    try {
      assertThat(call.endpoint("secretsmanager", "Secrets Manager")).isEqualTo(URI.create("http://127.0.0.1:4566"));
    } finally {
      System.clearProperty("aws.endpointUrlSecretsManager");
    }
  }

  private URI serve(String[]... answers) {
    replies.addAll(List.of(answers));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", exchange -> {
      Map<String, String> r = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> r.put(k.toLowerCase(), v.get(0)));
      r.put("path", exchange.getRequestURI().getRawPath());
      r.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      received.add(r);
      String[] answer = replies.poll();
      byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }
}
