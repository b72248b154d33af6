package dev.socketiolambda.local.streams;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Wakes a table's {@link StreamPoller} when a write to that table succeeded through the local
 * stack's own DynamoDB client: its record is read at once instead of after the rest of the
 * poller's pause ({@code --stream-poll-ms}). Writes by other clients wait for the next poll. A
 * local shortcut only: on AWS, Lambda polls the stream on its own schedule.
 */
public final class StreamWakeUps implements ExecutionInterceptor {
  private final Map<String, StreamPoller> pollers = new ConcurrentHashMap<>();

  /** Wakes {@code poller} on writes to its table. */
  public void register(StreamPoller poller) {
    pollers.put(poller.table(), poller);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (pollers.isEmpty()) {
      return;
    }
    for (String table : tablesWritten(context.request())) {
      StreamPoller p = pollers.get(table);
      if (p != null) {
        p.wake();
      }
    }
  }

  /** The tables a write request changes; empty for reads. */
  static Set<String> tablesWritten(SdkRequest request) {
    Set<String> out = new LinkedHashSet<>();
    if (request instanceof PutItemRequest r) {
      out.add(r.tableName());
    } else if (request instanceof UpdateItemRequest r) {
      out.add(r.tableName());
    } else if (request instanceof DeleteItemRequest r) {
      out.add(r.tableName());
    } else if (request instanceof BatchWriteItemRequest r) {
      out.addAll(r.requestItems().keySet());
    } else if (request instanceof TransactWriteItemsRequest r) {
      for (TransactWriteItem i : r.transactItems()) {
        if (i.put() != null) {
          out.add(i.put().tableName());
        } else if (i.update() != null) {
          out.add(i.update().tableName());
        } else if (i.delete() != null) {
          out.add(i.delete().tableName());
        }
      }
    }
    return out;
  }
}
