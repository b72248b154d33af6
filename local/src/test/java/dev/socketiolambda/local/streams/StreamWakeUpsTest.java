package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class StreamWakeUpsTest {
  @Test
  void everyKindOfWriteNamesTheTablesItChanges() {
    assertThat(StreamWakeUps.tablesWritten(PutItemRequest.builder().tableName("a").build())).containsExactly("a");
    assertThat(StreamWakeUps.tablesWritten(UpdateItemRequest.builder().tableName("b").build())).containsExactly("b");
    assertThat(StreamWakeUps.tablesWritten(DeleteItemRequest.builder().tableName("c").build())).containsExactly("c");
    assertThat(StreamWakeUps.tablesWritten(BatchWriteItemRequest.builder().requestItems(Map.of(
        "d", List.of(WriteRequest.builder().build()), "e", List.of(WriteRequest.builder().build()))).build()))
        .containsExactlyInAnyOrder("d", "e");
    assertThat(StreamWakeUps.tablesWritten(TransactWriteItemsRequest.builder().transactItems(
        TransactWriteItem.builder().put(p -> p.tableName("f")).build(),
        TransactWriteItem.builder().update(u -> u.tableName("g")).build(),
        TransactWriteItem.builder().delete(d -> d.tableName("h")).build(),
        TransactWriteItem.builder().conditionCheck(c -> c.tableName("i")).build()).build()))
        .containsExactly("f", "g", "h");
  }

  @Test
  void readsNameNoTable() {
    assertThat(StreamWakeUps.tablesWritten(GetItemRequest.builder().tableName("a").build())).isEmpty();
    assertThat(StreamWakeUps.tablesWritten(QueryRequest.builder().tableName("a").build())).isEmpty();
  }
}
