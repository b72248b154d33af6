package dev.socketiolambda.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.gateway.HttpApiEmulator;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static assets on the emulator's port over real HTTP, from a directory and from the classpath. */
class StaticAssetsTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WebSocketGatewayEmulator emulator;

  @AfterEach
  void close() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private void start(StaticAssets assets) {
    emulator = WebSocketGatewayEmulator.builder().httpHandler(assets)
        .httpHandler(HttpApiEmulator.builder().route("GET /api/hello", e -> "\"hi\"").build()).build().start();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  @Test
  void servesClasspathAssetsWithTheirContentTypes() throws Exception {
    start(StaticAssets.classpath("/assets-test/"));
    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(index.body()).contains("test page");
    assertThat(get("/app.js").headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
    assertThat(get("/sub/site.css").headers().firstValue("content-type")).contains("text/css; charset=utf-8");
    assertThat(get("/api/hello").body()).isEqualTo("hi");
  }

  @Test
  void missingFilesAnswer404AndNothingOutsideTheRootIsServed(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectory(dir.resolve("site"));
    Files.writeString(root.resolve("logo.svg"), "<svg/>");
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    Files.writeString(root.resolve(".env"), "TOKEN=x");
    start(StaticAssets.directory(root));
    assertThat(get("/logo.svg").headers().firstValue("content-type")).contains("image/svg+xml");
    HttpResponse<String> missing = get("/nope.png");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"message\":\"Not Found\"}");
    assertThat(get("/").statusCode()).isEqualTo(404); // no index.html here
    assertThat(get("/.env").statusCode()).isEqualTo(404);
    assertThat(get("/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
    assertThat(rawGet("/../secret.txt")).doesNotContain("outside the root").startsWith("HTTP/1.1 404");
  }

  @Test
  void contentTypesByExtension() {
    assertThat(StaticAssets.contentType("a.PNG")).isEqualTo("image/png");
    assertThat(StaticAssets.contentType("a.woff2")).isEqualTo("font/woff2");
    assertThat(StaticAssets.contentType("README")).isEqualTo("application/octet-stream");
  }

  /** A request the JDK client would normalise: the path is sent exactly as written. */
  private String rawGet(String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
