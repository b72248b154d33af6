package dev.socketiolambda.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects invocation lines and checks them as CloudWatch reads Embedded Metric Format. */
public final class EmfLines implements Consumer<String> {
  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void accept(String line) {
    lines.add(line);
  }

  /** An invocation log writing here, service {@code harness}. */
  public InvocationLog log() {
    return new InvocationLog(true, "harness", Meter.runtime(), this, System::currentTimeMillis);
  }

  /** The only line written, checked: every metric a directive names is a number, every dimension a string. */
  public JsonNode single() {
    assertThat(lines).hasSize(1);
    return valid(lines.get(0));
  }

  public static JsonNode valid(String text) {
    JsonNode line = validEmf(text);
    assertThat(line.path("Latency").isNumber()).isTrue();
    return line;
  }

  /** Any EMF line (an invocation's or a gauge's): every metric a directive names is a number, every dimension a string. */
  public static JsonNode validEmf(String text) {
    JsonNode line = Json.parse(text);
    assertThat(line.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
    for (JsonNode d : line.path("_aws").path("CloudWatchMetrics")) {
      assertThat(d.path("Namespace").asText()).isEqualTo(InvocationLog.NAMESPACE);
      for (JsonNode dimension : d.path("Dimensions").get(0)) {
        assertThat(line.path(dimension.asText()).isTextual()).as(dimension.asText()).isTrue();
      }
      for (JsonNode m : d.path("Metrics")) {
        assertThat(line.path(m.path("Name").asText()).isNumber()).as(m.toString()).isTrue();
      }
    }
    return line;
  }

  /** The names of the metrics the line's directives declare. */
  public static List<String> metricNames(JsonNode line) {
    List<String> out = new java.util.ArrayList<>();
    line.path("_aws").path("CloudWatchMetrics").forEach(d -> d.path("Metrics").forEach(m -> out.add(m.path("Name")
        .asText())));
    return out;
  }
}
