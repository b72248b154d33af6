package dev.socketiolambda.functions.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.aws.SigV4;
import dev.socketiolambda.functions.gateway.GatewayException;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The broadcasts' {@link Transport}: {@code PostToConnection} and {@code DeleteConnection} of the API
 * Gateway management API as SigV4-signed requests ({@link SigV4}) on the JDK's asynchronous
 * {@link HttpClient} (HTTP/1.1, a keep-alive pool without a per-host limit), many posts in flight on
 * few threads. At most {@code maxConcurrency} requests are in flight; the rest wait their turn in
 * order. Each request has a timeout, so no future waits forever. The client's own work runs on its
 * selector thread (a same-thread executor: no hand-off between its stages, about 25 % less CPU per
 * post than on a pool); each answer is handed once to a pool of daemon threads, where the caller's
 * continuations run, so they never hold the selector. No retries here: {@link Delivery}
 * retries; error answers are translated by {@link ManagementApiErrors#fromAnswer}, failures without an
 * answer (connection refused, timeout) become a {@link GatewayException} with status 0.
 */
public final class ManagementApiPoster implements Transport, AutoCloseable {
  /** The management API's signing name. */
  static final String SERVICE = "execute-api";
  /** Headers the JDK client sets itself (it refuses them); they are signed with the values it sends. */
  private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final ExecutorService executor;
  private final SigV4 signer;
  private final String base;
  private final Duration timeout;
  private final Semaphore slots;
  private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> false);

  /**
   * @param endpoint the management endpoint, {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}
   * @param maxConcurrency requests in flight at most
   * @param timeout of each request, until its answer's headers
   */
  public ManagementApiPoster(String endpoint, SigV4 signer, int maxConcurrency, Duration timeout) {
    this.base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.signer = signer;
    this.timeout = timeout;
    this.slots = new Semaphore(Math.max(1, maxConcurrency));
    this.executor = Executors.newCachedThreadPool(DaemonThreads.named("socketio-http"));
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
        .executor(Runnable::run).build();
  }

  /** A poster for one management endpoint, requests signed with these credentials, 10 s per request. */
  public static ManagementApiPoster create(String endpoint, Region region, AwsCredentialsProvider credentials,
      int maxConcurrency) {
    return new ManagementApiPoster(endpoint, new SigV4(credentials, region), maxConcurrency, Duration.ofSeconds(10));
  }

  @Override
  public CompletableFuture<Void> send(String connectionId, String frame) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    waiting.add(() -> request(SdkHttpMethod.POST, connectionId, frame.getBytes(StandardCharsets.UTF_8))
        .whenCompleteAsync((ok, error) -> {
          slots.release();
          drain();
          if (error != null) {
            result.completeExceptionally(error);
          } else {
            result.complete(null);
          }
        }, this::handOff));
    drain();
    return result;
  }

  @Override
  public void close(String connectionId) {
    try {
      request(SdkHttpMethod.DELETE, connectionId, new byte[0]).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // already gone or unreachable
    }
  }

  /** Stops the pool; answers still due then complete their futures on the client's thread. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Runs an answer's continuation on the pool, or here once the pool is closed (no future is left pending). */
  private void handOff(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
  }

  /**
   * Starts waiting requests while slots are free. A slot is released on the pool thread that takes
   * the answer, which then starts the next waiting request; the flag guards against re-entry.
   */
  private void drain() {
    if (draining.get()) {
      return;
    }
    draining.set(true);
    try {
      while (!waiting.isEmpty() && slots.tryAcquire()) {
        Runnable next = waiting.poll();
        if (next == null) {
          slots.release();
        } else {
          next.run();
        }
      }
    } finally {
      draining.set(false);
    }
  }

  /** One signed request to {@code @connections/{connectionId}}; the future fails as {@link Transport} says. */
  private CompletableFuture<Void> request(SdkHttpMethod method, String connectionId, byte[] body) {
    try {
      URI uri = URI.create(base + "/@connections/" + SdkHttpUtils.urlEncode(connectionId));
      // the headers the SDK client sends (its content type for this REST-JSON API), signed alike
      SdkHttpRequest signed = signer.sign(method, uri, SERVICE, body.length == 0 ? Map.of()
          : Map.of("Content-Type", "application/json", "Content-Length", Integer.toString(body.length)), body).request();
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
          .method(method.name(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
        if (!SET_BY_CLIENT.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
          header.getValue().forEach(value -> request.header(header.getKey(), value));
        }
      }
      return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
          .handle((response, error) -> {
            if (error != null) {
              throw new java.util.concurrent.CompletionException(new GatewayException(
                  method + " to " + connectionId + " failed: " + cause(error), 0, cause(error)));
            }
            if (response.statusCode() / 100 != 2) {
              throw new java.util.concurrent.CompletionException(ManagementApiErrors.fromAnswer(connectionId,
                  response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                  message(response.body())));
            }
            return null;
          });
    } catch (RuntimeException e) { // unsignable (no credentials), a bad endpoint
      return CompletableFuture.failedFuture(new GatewayException(method + " to " + connectionId + " failed: " + e,
          0, e));
    }
  }

  private static Throwable cause(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  /** The {@code message} of an error body ({@code {"message":"..."}}), or null. */
  private static String message(byte[] body) {
    try {
      JsonNode json = body.length == 0 ? null : Json.parse(new String(body, StandardCharsets.UTF_8));
      return json != null && json.hasNonNull("message") ? json.get("message").asText() : null;
    } catch (ProtocolException e) {
      return null; // not JSON (a proxy's page): the status says it
    }
  }
}
