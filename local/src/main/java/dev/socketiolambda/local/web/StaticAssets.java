package dev.socketiolambda.local.web;

import dev.socketiolambda.local.gateway.LocalHttpHandler;
import dev.socketiolambda.local.gateway.LocalHttpRequest;
import dev.socketiolambda.local.gateway.LocalHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An app's static web assets on the emulator's port, from a directory or a classpath prefix:
 * {@code GET}/{@code HEAD} of a file that exists answers it with its content type ({@code /} and
 * {@code /dir/} serve {@code index.html}); anything else is left to the next handler (the HTTP
 * API's routes), which answers 404 when nothing matches. Paths that climb out of the root
 * ({@code ..}) or name hidden files are never served.
 */
public final class StaticAssets implements LocalHttpHandler {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("wasm", "application/wasm"));

  private final Path directory;
  private final String classpathPrefix;

  private StaticAssets(Path directory, String classpathPrefix) {
    this.directory = directory;
    this.classpathPrefix = classpathPrefix;
  }

  /** Assets from a directory on disk (read at every request: edits show on reload). */
  public static StaticAssets directory(Path directory) {
    Path d = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    if (!Files.isDirectory(d)) {
      throw new IllegalArgumentException("the web assets directory " + d + " does not exist");
    }
    return new StaticAssets(d, null);
  }

  /** Assets from the classpath under a prefix ({@code "web/chat"}), as an app's jar carries them. */
  public static StaticAssets classpath(String prefix) {
    String p = Objects.requireNonNull(prefix, "prefix").replaceAll("^/+|/+$", "");
    return new StaticAssets(null, p);
  }

  /** The content type served for a file name. */
  static String contentType(String file) {
    int dot = file.lastIndexOf('.');
    String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  @Override
  public LocalHttpResponse handle(LocalHttpRequest request) throws IOException {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return null;
    }
    String relative = relativePath(request.rawPath());
    if (relative == null) {
      return null;
    }
    byte[] bytes = read(relative);
    if (bytes == null) {
      return null;
    }
    return new LocalHttpResponse(200, List.of(Map.entry("content-type", contentType(relative)),
        Map.entry("cache-control", "no-cache")), bytes);
  }

  /** The file a path names, relative to the root; null when it must not be served. */
  private static String relativePath(String rawPath) {
    String path;
    try {
      path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (path.endsWith("/")) {
      path = path + "index.html";
    }
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.startsWith(".") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
        return null; // "..", ".env", ".git"
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.length() == 0 ? null : out.toString();
  }

  private byte[] read(String relative) throws IOException {
    if (directory != null) {
      Path file = directory.resolve(relative).normalize();
      if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
        return null;
      }
      return Files.readAllBytes(file);
    }
    String resource = classpathPrefix.isEmpty() ? relative : classpathPrefix + "/" + relative;
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : StaticAssets.class.getClassLoader();
    var url = loader.getResource(resource);
    if (url == null || url.getPath().endsWith("/")) {
      return null;
    }
    if ("file".equals(url.getProtocol())) {
      try {
        if (Files.isDirectory(Path.of(url.toURI()))) {
          return null;
        }
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        return null;
      }
    }
    try (InputStream in = url.openStream()) {
      return in.readAllBytes();
    }
  }
}
