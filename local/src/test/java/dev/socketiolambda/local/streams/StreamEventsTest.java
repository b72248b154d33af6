package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.stream.DomainTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The event JSON pieces and the reading of function answers, without DynamoDB. */
class StreamEventsTest {
  private static final List<String> SEQ = List.of("100", "200", "300");

  @Test
  void answersThatMeanSuccess() {
    for (String ok : new String[] {null, "", "  ", "null", "{}", "{\"batchItemFailures\":null}",
        "{\"batchItemFailures\":[]}", "{\"other\":1}"}) {
      assertThat(StreamEvents.outcome(ok, SEQ, true).kind()).as(String.valueOf(ok))
          .isEqualTo(StreamEvents.Outcome.Kind.SUCCESS);
    }
  }

  @Test
  void batchItemFailuresPointAtTheLowestFailedRecord() {
    StreamEvents.Outcome o = StreamEvents.outcome(
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"300\"},{\"itemIdentifier\":\"200\"}]}", SEQ, true);
    assertThat(o.kind()).isEqualTo(StreamEvents.Outcome.Kind.PARTIAL);
    assertThat(o.firstFailed()).isEqualTo(1);
    assertThat(o.failedSequenceNumbers()).containsExactly("300", "200");
  }

  @Test
  void answersThatFailTheWholeBatch() {
    for (String bad : new String[] {"not json", "[1,2]", "\"text\"", "{\"batchItemFailures\":{}}",
        "{\"batchItemFailures\":[{}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
        "{\"batchItemFailures\":[{\"itemId\":\"100\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"999\"}]}"}) {
      StreamEvents.Outcome o = StreamEvents.outcome(bad, SEQ, true);
      assertThat(o.kind()).as(bad).isEqualTo(StreamEvents.Outcome.Kind.ERROR);
      assertThat(o.error()).as(bad).isNotBlank();
    }
  }

  @Test
  void withoutReportBatchItemFailuresAnyAnswerIsSuccess() {
    assertThat(StreamEvents.outcome("{\"batchItemFailures\":[{\"itemIdentifier\":\"100\"}]}", SEQ, false).kind())
        .isEqualTo(StreamEvents.Outcome.Kind.SUCCESS);
    assertThat(StreamEvents.outcome("not json", SEQ, false).kind()).isEqualTo(StreamEvents.Outcome.Kind.SUCCESS);
  }

  @Test
  void emptyCollectionsKeepTheirType() {
    assertThat(StreamEvents.attributeValue(AttributeValue.fromL(List.of())).toString()).isEqualTo("{\"L\":[]}");
    assertThat(StreamEvents.attributeValue(AttributeValue.fromM(Map.of())).toString()).isEqualTo("{\"M\":{}}");
  }

  @Test
  void streamArnNamesRegionAccountTableAndLabel() {
    assertThat(StreamEvents.streamArn("us-east-1", "000000000000", "orders", "2024-01-01T00:00:00.000"))
        .isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2024-01-01T00:00:00.000");
  }

  @Test
  void domainTablesComeFromTheRulesTablesSection(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.json");
    Files.writeString(rules, "{\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"},"
        + "\"tickets\":{\"partitionKey\":\"id\",\"partitionKeyType\":\"N\",\"sortKey\":\"at\"}},\"rules\":[]}");
    assertThat(DomainTables.read(rules)).containsExactly(new DomainTable("orders", "orderId", null),
        new DomainTable("tickets", "id", "at", "N", "S"));
  }

  @Test
  void badRulesFilesAreRefusedWithTheFileAndTheReason(@TempDir Path dir) throws Exception {
    Path noTables = dir.resolve("no-tables.json");
    Files.writeString(noTables, "{\"rules\":[]}");
    assertThatThrownBy(() -> DomainTables.read(noTables)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(noTables.toString()).hasMessageContaining("'tables' must name each domain table");
    Path noKey = dir.resolve("no-key.json");
    Files.writeString(noKey, "{\"tables\":{\"orders\":{}}}");
    assertThatThrownBy(() -> DomainTables.read(noKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(noKey.toString()).hasMessageContaining("table 'orders'")
        .hasMessageContaining("partitionKey");
    Path badType = dir.resolve("bad-type.json");
    Files.writeString(badType, "{\"tables\":{\"tickets\":{\"partitionKey\":\"id\",\"partitionKeyType\":\"X\"}}}");
    assertThatThrownBy(() -> DomainTables.read(badType)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitionKeyType");
    Path notJson = dir.resolve("broken.json");
    Files.writeString(notJson, "{tables");
    assertThatThrownBy(() -> DomainTables.read(notJson)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(notJson.toString());
    assertThatThrownBy(() -> DomainTables.read(dir.resolve("missing.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such rule file");
  }
}
