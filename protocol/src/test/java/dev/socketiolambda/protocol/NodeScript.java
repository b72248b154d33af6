package dev.socketiolambda.protocol;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/cross-impl.js} with the system's {@code node}, bounded in time. A missing
 * {@code node} or missing npm packages fail the calling test with instructions; they never skip it.
 */
final class NodeScript {
  static final long TIMEOUT_SECONDS = 90;
  private static final String[] PACKAGES = {"socket.io-parser", "engine.io-parser"};

  private final Path script;
  private final Path workDir;

  private NodeScript(Path script, Path workDir) {
    this.script = script;
    this.workDir = workDir;
  }

  /** Locates the script and checks that node and the reference packages are installed. */
  static NodeScript locate() {
    Path protocolDir = Path.of(System.getProperty("socketio.protocolDir", System.getProperty("user.dir")))
        .toAbsolutePath().normalize();
    Path script = protocolDir.resolve("src/test/node/cross-impl.js");
    if (!Files.isRegularFile(script)) {
      fail("cross-implementation script not found at " + script);
    }
    Path repoRoot = findRepoRoot(protocolDir);
    for (String pkg : PACKAGES) {
      if (!Files.isRegularFile(repoRoot.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
        fail("The npm package '" + pkg + "' is missing from " + repoRoot.resolve("node_modules")
            + ". Run `npm ci` in " + repoRoot + " (Node 20) before `mvn verify`: the cross-implementation"
            + " tests compare the Java codec with the reference socket.io-parser and engine.io-parser.");
      }
    }
    String version = nodeVersion(repoRoot);
    if (!version.startsWith("v")) {
      fail("`node --version` printed '" + version + "'; install Node 20 and run `npm ci` in " + repoRoot);
    }
    return new NodeScript(script, repoRoot);
  }

  private static Path findRepoRoot(Path from) {
    String configured = System.getProperty("socketio.repoRoot");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = from; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("package.json"))) {
        return p;
      }
    }
    return from.getParent() != null ? from.getParent() : from;
  }

  private static String nodeVersion(Path dir) {
    try {
      return run(List.of("node", "--version"), dir, null, 20).trim();
    } catch (IOException e) {
      return fail("Cannot run `node` (" + e.getMessage() + "). Install Node 20 and run `npm ci` in " + dir
          + " before `mvn verify`: the cross-implementation tests need the reference parsers.");
    }
  }

  /** Runs the script with arguments and optional standard input; returns its standard output. */
  String run(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(script.toString());
    command.addAll(List.of(args));
    try {
      return run(command, workDir, stdin, TIMEOUT_SECONDS);
    } catch (IOException e) {
      return fail("running " + command + " failed: " + e.getMessage(), e);
    }
  }

  private static String run(List<String> command, Path dir, String stdin, long timeoutSeconds) throws IOException {
    Path tmp = Files.createTempDirectory("cross-impl");
    File in = tmp.resolve("stdin.json").toFile();
    File out = tmp.resolve("stdout.json").toFile();
    File err = tmp.resolve("stderr.txt").toFile();
    try {
      Files.writeString(in.toPath(), stdin == null ? "" : stdin, StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(in).redirectOutput(out).redirectError(err).start();
      boolean finished;
      try {
        finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IOException("interrupted", e);
      }
      if (!finished) {
        process.destroyForcibly();
        return fail(command + " did not finish within " + timeoutSeconds + " s");
      }
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        return fail(command + " exited with " + process.exitValue() + ":\n" + stderr
            + (process.exitValue() == 3 ? "\nRun `npm ci` in the repository root." : ""));
      }
      return Files.readString(out.toPath(), StandardCharsets.UTF_8);
    } finally {
      in.delete();
      out.delete();
      err.delete();
      tmp.toFile().delete();
    }
  }
}
