package dev.socketiolambda.local.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The web page of a demo app on 127.0.0.1: its static files from the classpath, the browser build
 * of {@code socket.io-client} from the repository's {@code node_modules} (installed by
 * {@code npm ci}, never copied into the repository), and JSON endpoints the app adds (the chat's
 * demo token minting). For local development only: it binds to loopback.
 */
public final class DemoPage implements AutoCloseable {
  /** The socket.io-client browser bundle, relative to a {@code node_modules} directory. */
  public static final String CLIENT_BUNDLE = "socket.io-client/dist/socket.io.min.js";

  private final HttpServer server;
  private final ExecutorService executor;

  /** What a JSON endpoint answers: an HTTP status and a JSON body. */
  public record JsonResponse(int status, String json) {}

  /**
   * @param port port on 127.0.0.1 (0 = any free port)
   * @param classpathRoot folder of the page's files on the classpath ({@code index.html} is {@code /})
   * @param nodeModules the {@code node_modules} directory to serve socket.io-client from, or null
   * @param endpoints JSON endpoints by path, each given the query parameters
   */
  public DemoPage(int port, String classpathRoot, Path nodeModules,
      Map<String, Function<Map<String, String>, JsonResponse>> endpoints) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the demo page to 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    executor = Executors.newFixedThreadPool(4, DaemonThreads.named("demo-page"));
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        serve(exchange, classpathRoot, nodeModules, endpoints);
      } catch (RuntimeException | IOException e) {
        System.err.println("demo page: " + exchange.getRequestURI() + " failed: " + e);
      }
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  private static void serve(HttpExchange exchange, String root, Path nodeModules,
      Map<String, Function<Map<String, String>, JsonResponse>> endpoints) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "application/json", "{\"error\":\"only GET is served here\"}");
      return;
    }
    Function<Map<String, String>, JsonResponse> endpoint = endpoints.get(path);
    if (endpoint != null) {
      JsonResponse r;
      try {
        r = endpoint.apply(query(exchange.getRequestURI().getRawQuery()));
      } catch (IllegalArgumentException e) {
        r = new JsonResponse(400, "{\"error\":" + dev.socketiolambda.protocol.json.Json.quote(e.getMessage()) + "}");
      }
      send(exchange, r.status(), "application/json", r.json());
      return;
    }
    if (path.equals("/favicon.ico")) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    if (path.equals("/socket.io/socket.io.min.js")) {
      Path bundle = nodeModules == null ? null : nodeModules.resolve(CLIENT_BUNDLE);
      if (bundle == null || !Files.isRegularFile(bundle)) {
        send(exchange, 404, "text/plain", "socket.io-client is not installed: run `npm ci` in the repository root "
            + "and start the local stack from there");
        return;
      }
      send(exchange, 200, "text/javascript", Files.readAllBytes(bundle));
      return;
    }
    String file = path.equals("/") ? "index.html" : path.substring(1);
    if (!file.matches("[a-zA-Z0-9_-]+\\.(html|js|css|svg)")) {
      send(exchange, 404, "text/plain", "not found");
      return;
    }
    try (InputStream in = DemoPage.class.getClassLoader().getResourceAsStream(root + "/" + file)) {
      if (in == null) {
        send(exchange, 404, "text/plain", "not found");
        return;
      }
      send(exchange, 200, contentType(file), in.readAllBytes());
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "image/svg+xml";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * The nearest {@code node_modules} with socket.io-client: above the working directory, else above
   * the directory of the running jar; null when there is none.
   */
  public static Path findNodeModules() {
    for (Path start : new Path[] {Path.of("").toAbsolutePath(), jarDirectory()}) {
      for (Path p = start; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("node_modules").resolve(CLIENT_BUNDLE))) {
          return p.resolve("node_modules");
        }
      }
    }
    return null;
  }

  private static Path jarDirectory() {
    try {
      return Path.of(DemoPage.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
