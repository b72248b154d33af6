package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The real Secrets Manager client against a local endpoint that answers as the service does (JSON 1.1). */
class SecretsManagerSecretTest {
  static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-jwt-AbCdEf";
  final List<String> requests = new CopyOnWriteArrayList<>();
  HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void readsTheSecretStringOnce() throws Exception {
    SecretsManagerClient client = serving(200, "{\"ARN\":\"" + ARN + "\",\"Name\":\"chat-jwt\","
        + "\"SecretString\":\"0123456789abcdef0123456789abcdef\",\"VersionId\":\"v1\"}");
    AuthSettings s = AuthSettings.from(Map.of("AUTH_JWT_SECRET_ARN", ARN), arn -> SecretsManagerSecret.read(client, arn));
    assertThat(new String(s.hmacSecret(), StandardCharsets.UTF_8)).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(requests).singleElement().asString().contains("secretsmanager.GetSecretValue").contains(ARN);
  }

  @Test
  void aMissingSecretNamesTheArn() throws Exception {
    SecretsManagerClient client = serving(400, "{\"__type\":\"ResourceNotFoundException\","
        + "\"Message\":\"Secrets Manager can't find the specified secret.\"}");
    assertThatThrownBy(() -> SecretsManagerSecret.read(client, ARN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AUTH_JWT_SECRET_ARN: cannot read secret " + ARN);
  }

  SecretsManagerClient serving(int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
