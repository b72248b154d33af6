package dev.socketiolambda.functions.fanout;

import java.util.List;
import java.util.Map;

/** SQS's {@code SendMessageBatch}, the one SQS call of the runtime ({@link SqsShardQueue}). */
@FunctionalInterface
public interface SqsBatchSender {
  /**
   * Sends one message per entry (at most 10, 256 KiB in all).
   *
   * @param bodies the message bodies by entry id
   * @return the entries SQS refused (the others are queued)
   */
  List<Refusal> send(String queueUrl, Map<String, String> bodies);

  /** An entry SQS did not take; {@code senderFault}: the entry itself is wrong, sending it again will not help. */
  record Refusal(String id, String code, String message, boolean senderFault) {}
}
