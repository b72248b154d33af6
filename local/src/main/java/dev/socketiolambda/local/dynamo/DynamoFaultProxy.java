package dev.socketiolambda.local.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.observability.DynamoDbMetrics;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.local.dynamo.DynamoFaultDraws.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An HTTP proxy on 127.0.0.1 in front of a DynamoDB endpoint that fails a seeded share of requests
 * the way DynamoDB does, so the real SDK clients see AWS's error responses and run their own retry
 * logic on them: 400 {@code ThrottlingException} / {@code ProvisionedThroughputExceededException},
 * 500 {@code InternalServerError}, {@code BatchWriteItem} writes answered as {@code UnprocessedItems}
 * (the other writes of the batch are applied), and timeouts (the connection is dropped without an
 * answer after {@link DynamoFaultSettings#timeoutMs}, half of them after the request was applied, as a
 * lost answer would be). Everything else is relayed untouched.
 */
public final class DynamoFaultProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "keep-alive");

  static {
    // the JDK server flushes a response's headers before its body: without TCP_NODELAY, Nagle and the
    // client's delayed ACK add ~40 ms to every request (read once, when the JDK server is first used)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final URI upstream;
  private final DynamoFaultSettings settings;
  private final DynamoFaultDraws draws;
  private final HttpServer server;
  private final ExecutorService threads;

  private DynamoFaultProxy(URI upstream, DynamoFaultSettings settings) throws IOException {
    this.upstream = upstream;
    this.settings = settings;
    this.draws = new DynamoFaultDraws(settings);
    this.server = HttpServer.create(new InetSocketAddress(EmbeddedDynamoDb.HOST, 0), 0);
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dynamo-fault-proxy");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts a proxy in front of {@code upstream} ({@code http://127.0.0.1:port}). */
  public static DynamoFaultProxy start(URI upstream, DynamoFaultSettings settings) {
    try {
      return new DynamoFaultProxy(upstream, settings);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the DynamoDB fault proxy: " + e.getMessage(), e);
    }
  }

  /**
   * {@code direct} itself when {@code settings} inject nothing; otherwise a client (the local stack's
   * region and credentials, SDK defaults otherwise) that goes through a new proxy in front of
   * {@code endpoint}. Closing that client stops the proxy and closes {@code direct}.
   */
  public static DynamoDbClient inFront(DynamoDbClient direct, URI endpoint, DynamoFaultSettings settings) {
    return inFront(direct, endpoint, settings, List.of());
  }

  /** {@link #inFront(DynamoDbClient, URI, DynamoFaultSettings)}, the proxied client with more interceptors. */
  public static DynamoDbClient inFront(DynamoDbClient direct, URI endpoint, DynamoFaultSettings settings,
      List<ExecutionInterceptor> interceptors) {
    if (settings.isNone()) {
      return direct;
    }
    DynamoFaultProxy proxy = start(endpoint, settings);
    return DynamoDbClient.builder().region(EmbeddedDynamoDb.REGION)
        .credentialsProvider(EmbeddedDynamoDb.credentialsProvider()).endpointOverride(proxy.endpoint())
        .overrideConfiguration(c -> {
          c.addExecutionInterceptor(new DynamoDbMetrics(Meter.runtime()));
          interceptors.forEach(c::addExecutionInterceptor);
        })
        .httpClientBuilder(defaults -> new ClosingHttpClient(
            UrlConnectionHttpClient.builder().buildWithDefaults(defaults), () -> {
              proxy.close();
              direct.close();
            }))
        .build();
  }

  /** Base URL of the proxy. */
  public URI endpoint() {
    return URI.create("http://" + EmbeddedDynamoDb.HOST + ":" + server.getAddress().getPort());
  }

  /** Requests seen so far. */
  public long requests() {
    return draws.requests();
  }

  /** Faults injected so far by code ({@code ThrottlingException}..., {@code UnprocessedItems}, {@code timeout}). */
  public Map<String, Long> injected() {
    return draws.injected();
  }

  /** Stops the proxy at once (held timeouts are dropped). Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      Decision d = draws.next(operation);
      if (d == null) {
        reply(exchange, forward(exchange, body));
        return;
      }
      switch (d.kind()) {
        case THROTTLE -> reply(exchange, error(400, d.code(), DynamoFaultDraws.THROTTLING.equals(d.code())
            ? "Rate of requests exceeds the allowed throughput."
            : "The level of configured provisioned throughput for the table was exceeded. "
                + "Consider increasing your provisioning level with the UpdateTable API."));
        case INTERNAL_ERROR -> reply(exchange, error(500, d.code(), "Internal server error"));
        case UNPROCESSED -> reply(exchange, partialBatch(exchange, body));
        case TIMEOUT -> {
          if (d.applyBeforeTimeout()) {
            forward(exchange, body);
          }
          Thread.sleep(settings.timeoutMs());
          // closing the exchange without a response drops the connection: the client sees no answer
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the upstream or the client went away: dropping the connection is what the client sees
    }
  }

  /** A {@code BatchWriteItem} with some of its writes withheld and answered as {@code UnprocessedItems}. */
  private Answer partialBatch(HttpExchange exchange, byte[] body) throws IOException {
    ObjectNode request = (ObjectNode) JSON.readTree(body);
    ObjectNode items = (ObjectNode) request.path("RequestItems");
    ObjectNode withheld = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> table = it.next();
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode write : table.getValue()) {
        (draws.withhold() ? withheld.withArray(table.getKey()) : kept).add(write);
      }
      table.setValue(kept);
    }
    if (withheld.isEmpty()) { // at least one write withheld
      for (Map.Entry<String, JsonNode> table : items.properties()) {
        if (!table.getValue().isEmpty()) {
          ArrayNode writes = (ArrayNode) table.getValue();
          withheld.withArray(table.getKey()).add(writes.remove(draws.pick(writes.size())));
          break;
        }
      }
    }
    items.properties().removeIf(e -> e.getValue().isEmpty());
    if (items.isEmpty()) {
      return json(200, JSON.createObjectNode().set("UnprocessedItems", withheld));
    }
    Answer applied = forward(exchange, JSON.writeValueAsBytes(request));
    if (applied.status() != 200) {
      return applied;
    }
    ObjectNode response = (ObjectNode) JSON.readTree(applied.body());
    ObjectNode unprocessed = response.withObject("UnprocessedItems");
    withheld.fields().forEachRemaining(e -> unprocessed.withArray(e.getKey()).addAll((ArrayNode) e.getValue()));
    return json(200, response);
  }

  private Answer forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) upstream.resolve(exchange.getRequestURI()).toURL().openConnection();
    c.setRequestMethod(exchange.getRequestMethod());
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> c.addRequestProperty(name, v));
      }
    });
    c.setDoOutput(body.length > 0);
    if (body.length > 0) {
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return new Answer(status, in == null ? new byte[0] : in.readAllBytes());
    }
  }

  private static Answer error(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", (code.equals(DynamoFaultDraws.INTERNAL) ? "com.amazon.coral.service#"
        : code.equals(DynamoFaultDraws.THROTTLING) ? "com.amazon.coral.availability#"
        : "com.amazonaws.dynamodb.v20120810#") + code);
    body.put("message", message);
    return json(status, body);
  }

  private static Answer json(int status, JsonNode body) {
    try {
      return new Answer(status, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code a} with DynamoDB's headers: its content type, a request id and the body's CRC32. */
  private static void reply(HttpExchange exchange, Answer a) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(a.body());
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
    exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    exchange.getResponseBody().write(a.body());
  }

  private record Answer(int status, byte[] body) {}

  /** An SDK HTTP client that also runs {@code onClose} when the SDK client owning it closes. */
  private record ClosingHttpClient(SdkHttpClient delegate, Runnable onClose) implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return delegate.prepareRequest(request);
    }

    @Override
    public String clientName() {
      return delegate.clientName();
    }

    @Override
    public void close() {
      delegate.close();
      onClose.run();
    }
  }
}
