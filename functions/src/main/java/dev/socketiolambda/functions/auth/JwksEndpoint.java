package dev.socketiolambda.functions.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWKS document served over HTTP on 127.0.0.1 (the JDK's server), for the local stack's RS256
 * demo tokens and for tests: the real JWKS fetch, key rotation by {@link #publish}. Not for Lambda.
 */
public final class JwksEndpoint implements AutoCloseable {
  public static final String PATH = "/.well-known/jwks.json";
  private final HttpServer server;
  private final AtomicReference<String> jwks;
  private final AtomicInteger fetches = new AtomicInteger();

  private JwksEndpoint(HttpServer server, String jwks) {
    this.server = server;
    this.jwks = new AtomicReference<>(jwks);
  }

  /** Serves {@code jwks} at {@link #PATH} on an ephemeral 127.0.0.1 port. */
  public static JwksEndpoint start(String jwks) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local JWKS endpoint", e);
    }
    JwksEndpoint endpoint = new JwksEndpoint(server, jwks);
    server.createContext(PATH, exchange -> {
      endpoint.fetches.incrementAndGet();
      byte[] body = endpoint.jwks.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    startOnDaemonThread(server);
    return endpoint;
  }

  /** The server's dispatcher thread inherits daemon status from the thread that starts it: never keep a JVM alive. */
  private static void startOnDaemonThread(HttpServer server) {
    Thread starter = new Thread(server::start, "jwks-endpoint-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
      throw new IllegalStateException("interrupted while starting the JWKS endpoint", e);
    }
  }

  /** Serves another key set from now on (key rotation). */
  public void publish(String newJwks) {
    jwks.set(newJwks);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** How many times the document was fetched. */
  public int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
