package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;

/**
 * What the stream function did with a batch: the partial batch response Lambda reads
 * ({@link #toJson()}), plus counters for logs and metrics.
 *
 * @param batchItemFailures sequence numbers to retry from (at most one: processing stops at the first failure)
 * @param records records in the batch
 * @param processed records handled (a rule or the hook produced broadcasts, all sent)
 * @param skipped records no rule matched and the hook left alone (logged, never retried)
 * @param failed records that failed (0 or 1)
 * @param notAttempted records after the failed one, left for Lambda's retry
 * @param broadcasts broadcasts sent
 * @param dropped matching rules that sent nothing because no room resolved
 * @param recipients connections targeted, over all broadcasts
 * @param delivered connections that got the event
 * @param undelivered deliveries that failed after retries (volatile ones included)
 * @param gone connections found gone (410) and removed; never a failure
 * @param durationMs wall time of the batch
 */
public record StreamResponse(
    List<String> batchItemFailures, int records, int processed, int skipped, int failed, int notAttempted,
    int broadcasts, int dropped, int recipients, int delivered, int undelivered, int gone, long durationMs) {

  public StreamResponse {
    batchItemFailures = List.copyOf(batchItemFailures);
  }

  /** Lambda's partial batch response: {@code {"batchItemFailures":[{"itemIdentifier":"<SequenceNumber>"}]}}. */
  public String toJson() {
    ObjectNode out = Json.object();
    ArrayNode failures = out.putArray("batchItemFailures");
    for (String id : batchItemFailures) {
      failures.addObject().put("itemIdentifier", id);
    }
    return Json.write(out);
  }

  /** The counters as one JSON object, for a log line. */
  public String summary() {
    ObjectNode o = Json.object();
    o.put("records", records).put("processed", processed).put("skipped", skipped).put("failed", failed)
        .put("notAttempted", notAttempted).put("broadcasts", broadcasts).put("dropped", dropped)
        .put("recipients", recipients).put("delivered", delivered).put("undelivered", undelivered)
        .put("gone", gone).put("durationMs", durationMs);
    ArrayNode f = o.putArray("batchItemFailures");
    batchItemFailures.forEach(f::add);
    return Json.write(o);
  }
}
