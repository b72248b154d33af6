package dev.socketiolambda.local.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.server.Handshake;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.server.StoredHandshake;
import dev.socketiolambda.protocol.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * A test app that verifies an HS256 JWT at CONNECT and declares which handshake fields it reads
 * later: the auth key {@code name}, the query parameter {@code room}, the header
 * {@code x-client-version}; and one its middleware reads at the CONNECT only: the header
 * {@code x-tenant}, which the middleware copies to {@code socket.data.tenant}. {@code whoami}
 * answers what a later event sees of the handshake.
 */
public final class HandshakeApp implements SocketIoApp {
  public static final byte[] KEY = "handshake-app-test-key-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);

  @Override
  public void configure(SocketIoServer io) {
    io.storedHandshake(StoredHandshake.defaults().withAuth("name").withQuery("room").withHeaders("X-Client-Version")
        .withHeadersUntilConnect("X-Tenant"));
    io.use(SocketAuth.of(TokenVerifier.of(AuthSettings.hs256(KEY))).middleware());
    io.use(socket -> socket.data().put("tenant", socket.handshake().header("x-tenant")));
    io.on("whoami", (socket, args, ack) -> {
      Handshake h = socket.handshake();
      ObjectNode seen = Json.object()
          .put("user", SocketAuth.principal(socket).userId())
          .put("name", h.auth().path("name").asText(null))
          .put("token", h.auth().path("token").asText(null))
          .put("room", h.query("room"))
          .put("queryToken", h.query("token"))
          .put("version", h.header("x-client-version"))
          .put("tenantAtConnect", socket.data().path("tenant").asText(null))
          .put("tenant", h.header("x-tenant"))
          .put("authorization", h.header("authorization"))
          .put("cookie", h.header("cookie"));
      ack.send(seen);
    });
  }
}
