package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.ShardCodec;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fan-out function: an SQS event source delivers shards of large broadcasts. A shard that
 * throws (malformed, or held by another worker) or that left recipients not reached after the
 * retries is reported in {@code batchItemFailures}: SQS delivers it again, and the
 * {@link dev.socketiolambda.functions.fanout.ShardLedger} makes that redelivery go only to the
 * recipients not reached yet, so nobody gets a frame twice. After the queue's receive count it goes
 * to the dead-letter queue, body and all, from where an operator can replay it the same way.
 */
public final class FanOutHandler implements RequestStreamHandler {
  private final FanOut fanOut;
  private final InvocationLog invocationLog;

  public FanOutHandler() {
    this(Runtime.shared().fanOut(), Runtime.shared().invocationLog());
  }

  public FanOutHandler(FanOut fanOut) {
    this(fanOut, InvocationLog.off());
  }

  /** Writes one invocation line per batch: its shards and the failed ones ({@code BatchItemFailures}). */
  public FanOutHandler(FanOut fanOut, InvocationLog invocationLog) {
    this.fanOut = fanOut;
    this.invocationLog = invocationLog;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Entry line = invocationLog.start("fanout");
    JsonNode event;
    try {
      event = Events.read(input);
    } catch (IOException | RuntimeException e) {
      line.failed(e);
      throw e;
    }
    var failures = Json.array();
    for (JsonNode record : event.path("Records")) {
      String messageId = record.path("messageId").asText();
      try {
        // retries stop two seconds before the function's timeout
        long budget = context == null ? FanOut.DEFAULT_BUDGET_MS : context.getRemainingTimeInMillis() - 2_000L;
        fanOut.deliverQueued(ShardCodec.read(record.path("body").asText()), budget);
      } catch (RuntimeException e) {
        System.err.println("socketio-lambda fan-out: shard " + messageId + " failed: " + e);
        failures.add(Json.object().put("itemIdentifier", messageId));
      }
    }
    line.measured("Shards", "Count", event.path("Records").size())
        .measured(InvocationLog.BATCH_ITEM_FAILURES, "Count", failures.size()).ok();
    output.write(Json.write(Json.object().set("batchItemFailures", failures)).getBytes(StandardCharsets.UTF_8));
  }
}
