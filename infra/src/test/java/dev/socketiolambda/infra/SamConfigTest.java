package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code samconfig.toml} names a region, deploys without a prompt (CI) and gives sam local invoke a real event. */
class SamConfigTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void deploysToANamedRegionWithoutPromptingAndTheTemplateOfTheAppsStack() throws IOException {
    Map<String, String> config = parse(ROOT.resolve("samconfig.toml"));
    assertThat(config.get("default.global.parameters.region")).matches("\"[a-z]{2}-[a-z]+-\\d\"");
    assertThat(config).containsEntry("default.global.parameters.stack_name", "\"" + InfraApp.STACK_NAME + "\"")
        .containsEntry("default.deploy.parameters.confirm_changeset", "false")
        .containsEntry("default.deploy.parameters.template_file",
            "\"infra/cdk.out/" + InfraApp.STACK_NAME + ".template.json\"");
  }

  @Test
  void localInvokeHasAScheduledEventFile() throws IOException {
    String event = parse(ROOT.resolve("samconfig.toml")).get("default.local_invoke.parameters.event");
    assertThat(event).isNotNull();
    JsonNode json = new ObjectMapper().readTree(ROOT.resolve(event.replace("\"", "")).toFile());
    assertThat(json.path("detail-type").asText()).isEqualTo("Scheduled Event");
    assertThat(json.path("source").asText()).isEqualTo("aws.events");
  }

  /** The flat {@code [table] key = value} subset of TOML samconfig uses, as {@code table.key -> raw value}. */
  private static Map<String, String> parse(Path toml) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String table = "";
    for (String raw : Files.readAllLines(toml)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        table = line.substring(1, line.indexOf(']'));
      } else if (line.contains("=")) {
        int eq = line.indexOf('=');
        out.put(table + "." + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return out;
  }
}
