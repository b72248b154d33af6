package dev.socketiolambda.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar socketio-local.jar} with a start that cannot succeed: one clear line, a non-zero exit, no hang. */
class MainStartFailureTest {
  @Test
  void anUnknownAppExitsWithOneLineNamingTheAppsThereAre() throws Exception {
    Run r = main("--app", "nosuchapp", "--port", "0");

    assertThat(r.exitCode).as(r.stderr).isEqualTo(2);
    assertThat(r.stderr.strip()).startsWith("error: no application named 'nosuchapp': the bundles on the class path are ")
        .contains("demo").contains("chat").doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void aPortInUseStopsWhatHadStartedAndExits() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run r = main("--app", "demo", "--port", String.valueOf(taken.getLocalPort()));

      // DynamoDB Local and the executors were running when the emulator failed to bind: the JVM still exits
      assertThat(r.exitCode).as(r.stderr).isEqualTo(2);
      assertThat(r.stderr.strip()).startsWith("error: ").contains(String.valueOf(taken.getLocalPort()))
          .doesNotContain("\n");
    }
  }

  @Test
  void badAppSettingsExitBeforeAnythingStarts() throws Exception {
    Run r = main("--app", "chat", "--port", "0", "--web-port", "0", "--app-env", "AUTH_JWT_SECRET=short");

    assertThat(r.exitCode).as(r.stderr).isEqualTo(2);
    assertThat(r.stderr.strip()).startsWith("error: ").contains("at least 32 bytes").doesNotContain("\n");
  }

  private record Run(int exitCode, String stderr) {}

  private static Run main(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    boolean exited = p.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Run(-1, "did not exit within 90 s: " + new String(p.getErrorStream().readAllBytes(),
          StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
