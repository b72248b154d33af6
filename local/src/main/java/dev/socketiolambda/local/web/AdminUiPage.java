package dev.socketiolambda.local.web;

import dev.socketiolambda.local.gateway.LocalHttpHandler;
import dev.socketiolambda.local.gateway.LocalHttpRequest;
import dev.socketiolambda.local.gateway.LocalHttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The official Socket.IO admin UI (the bundled page of the npm package {@code @socket.io/admin-ui})
 * at {@code /admin-ui/} on the local stack's port. Point it at the stack's URL, with "WebSocket
 * only" ticked (the gateway speaks no HTTP long-polling), and an app that installs
 * {@code dev.socketiolambda.functions.admin.AdminUi}.
 */
public final class AdminUiPage implements LocalHttpHandler {
  static final String PREFIX = "/admin-ui";
  private final StaticAssets assets;

  private AdminUiPage(Path dist) {
    this.assets = StaticAssets.directory(dist);
  }

  /** The page from {@code node_modules/@socket.io/admin-ui/ui/dist}, or null when the package is not installed. */
  public static AdminUiPage find(Path nodeModules) {
    if (nodeModules == null) {
      return null;
    }
    Path dist = nodeModules.resolve("@socket.io/admin-ui/ui/dist");
    return Files.isRegularFile(dist.resolve("index.html")) ? new AdminUiPage(dist) : null;
  }

  @Override
  public LocalHttpResponse handle(LocalHttpRequest request) throws Exception {
    String path = request.rawPath();
    if (path.equals(PREFIX)) {
      return new LocalHttpResponse(302, List.of(Map.entry("location", PREFIX + "/")), new byte[0]);
    }
    if (!path.startsWith(PREFIX + "/")) {
      return null;
    }
    return assets.handle(new LocalHttpRequest(request.method(), path.substring(PREFIX.length()), request.rawQuery(),
        request.protocol(), request.headers(), request.body(), request.sourceIp(), request.host()));
  }
}
