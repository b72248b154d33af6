package dev.socketiolambda.functions.testing;

import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.secrets.SecretsManagerReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * An HTTP server on 127.0.0.1 (port 0) that answers every request with one fixed Secrets Manager
 * response in the service's JSON 1.1 protocol, and records each request as
 * {@code "<X-Amz-Target> <body>"}. Not the real service (no Docker or AWS account in tests): it
 * checks the request the real SDK client sends and how callers handle the service's answers.
 */
public final class SecretsManagerEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private SecretsManagerEndpoint(int status, String body) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
  }

  /** A started endpoint answering every request with this status and JSON body. */
  public static SecretsManagerEndpoint answering(int status, String body) {
    return new SecretsManagerEndpoint(status, body);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The runtime's reader (URL-connection HTTP client, test credentials) pointed at this endpoint. */
  public SecretsManagerReader reader() {
    return SecretsManagerReader.create(UrlConnectionHttpClient.create(), Region.EU_WEST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), uri());
  }

  /** The requests received so far. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
