package dev.socketiolambda.local.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the Node scripts of the tests with the repository's npm packages (installed by {@code npm ci}). */
public final class Node {
  /** What a script did. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private Node() {}

  /** The repository root: the nearest parent of the working directory that has node_modules/socket.io-client. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("node_modules/socket.io-client"))) {
        return p;
      }
    }
    throw new IllegalStateException("node_modules/socket.io-client not found above " + dir
        + ": run `npm ci` in the repository root (the README's test command and .ci/run do)");
  }

  /** Runs {@code node script args...} with extra environment, killing it after the timeout. */
  public static Result run(Path script, List<String> args, Map<String, String> env, long timeoutSeconds) {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(script.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(repoRoot().toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node (is Node.js 18+ installed and on PATH?): " + e.getMessage(), e);
    }
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new Result(-1, out.getNow(""), "killed after " + timeoutSeconds + " s\n" + err.getNow(""));
      }
      return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("node run failed: " + e, e);
    }
  }

  private static CompletableFuture<String> read(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    });
  }
}
