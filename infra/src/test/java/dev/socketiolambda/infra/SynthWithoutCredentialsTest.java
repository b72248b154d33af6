package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the app's main class the way {@code cdk synth} does, in a separate JVM whose environment has
 * no AWS credentials, profile, region or account (only PATH, for Node.js, and an empty HOME, so no
 * ~/.aws files either), and checks that it writes a complete cloud assembly without context lookups.
 */
class SynthWithoutCredentialsTest {
  @TempDir
  Path tmp;

  @Test
  void synthesizesWithAnEmptyEnvironment() throws Exception {
    Path out = tmp.resolve("cdk.out");
    Path log = tmp.resolve("synth.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), InfraApp.class.getName());
    Map<String, String> env = pb.environment();
    String path = env.get("PATH");
    env.clear();
    env.put("PATH", path);
    env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    env.put("CDK_OUTDIR", out.toString());
    env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("synth finished: %s", output).isTrue();
    assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();

    Path template = out.resolve(InfraApp.STACK_NAME + ".template.json");
    assertThat(template).isRegularFile();
    ObjectMapper mapper = new ObjectMapper();
    JsonNode manifest = mapper.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.path("missing").isMissingNode() || manifest.path("missing").isEmpty())
        .as("context lookups (they would need credentials): %s", manifest.path("missing")).isTrue();
    JsonNode stack = manifest.path("artifacts").path(InfraApp.STACK_NAME);
    assertThat(stack.path("environment").asText()).isEqualTo("aws://unknown-account/unknown-region");
    // the Lambda code asset: the functions jar, copied into the assembly
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("asset.") && n.endsWith(".jar"));
    }
    // no error annotations (cdk-nag findings included): the CDK CLI would refuse to deploy with any
    List<String> errors = new ArrayList<>();
    try (var files = Files.list(out)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".metadata.json") || f.endsWith("manifest.json"))
          .toList()) {
        mapper.readTree(f.toFile()).findValues("type").stream().filter(t -> "aws:cdk:error".equals(t.asText()))
            .forEach(t -> errors.add(f.getFileName().toString()));
      }
    }
    assertThat(errors).as("error annotations; output:%n%s", output).isEmpty();
    assertThat(mapper.readTree(template.toFile()).path("Resources").size()).isGreaterThan(40);
    assertThat(new File(System.getProperty("java.class.path").split(File.pathSeparator)[0])).exists();
  }
}
