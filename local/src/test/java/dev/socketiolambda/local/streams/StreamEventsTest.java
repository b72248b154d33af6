package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
  void domainTablesComeFromTheRulesTablesSection() {
    assertThat(DomainTables.parse("{\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"},"
        + "\"messages\":{\"partitionKey\":\"roomId\",\"sortKey\":\"sentAt\"}},\"rules\":[]}"))
        .containsExactly(new DomainTables.Table("orders", "orderId", null),
            new DomainTables.Table("messages", "roomId", "sentAt"));
  }

  @Test
  void keyTypesDefaultToStrings() {
    assertThat(DomainTables.parse("{\"tables\":{\"tickets\":{\"partitionKey\":\"id\",\"partitionKeyType\":\"N\","
        + "\"sortKey\":\"at\"}}}"))
        .containsExactly(new DomainTables.Table("tickets", "id", "at",
            software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.N,
            software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S));
    assertThatThrownBy(() -> DomainTables.parse("{\"tables\":{\"tickets\":{\"partitionKey\":\"id\","
        + "\"partitionKeyType\":\"X\"}}}")).hasMessageContaining("tables.tickets.partitionKeyType");
  }

  @Test
  void badTablesSectionsAreNamedInTheError() {
    assertThatThrownBy(() -> DomainTables.parse("{\"rules\":[]}")).hasMessageContaining("'tables'");
    assertThatThrownBy(() -> DomainTables.parse("{\"tables\":{\"orders\":{}}}"))
        .hasMessageContaining("tables.orders.partitionKey");
    assertThatThrownBy(() -> DomainTables.parse("{\"tables\":{\"ab\":{\"partitionKey\":\"id\"}}}"))
        .hasMessageContaining("tables.ab");
    assertThatThrownBy(() -> DomainTables.parse("{\"tables\":{\"orders\":{\"partitionKey\":\"id\",\"sortKey\":3}}}"))
        .hasMessageContaining("tables.orders.sortKey");
    assertThatThrownBy(() -> DomainTables.parse("{tables")).hasMessageContaining("not valid JSON");
  }
}
