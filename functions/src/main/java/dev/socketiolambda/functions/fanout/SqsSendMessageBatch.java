package dev.socketiolambda.functions.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.aws.SignedCall;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code SendMessageBatch} as one signed call in SQS's JSON protocol ({@code AmazonSQS.SendMessageBatch},
 * {@code application/x-amz-json-1.0}) to the queue URL's host, which is the SQS endpoint of its region.
 * A refused call (no such queue, access denied) throws {@link dev.socketiolambda.functions.aws.AwsCallException}.
 */
public final class SqsSendMessageBatch implements SqsBatchSender {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> HEADERS = Map.of("X-Amz-Target", "AmazonSQS.SendMessageBatch",
      "Content-Type", "application/x-amz-json-1.0");
  private final SignedCall call;

  public SqsSendMessageBatch(SignedCall call) {
    this.call = call;
  }

  @Override
  public List<Refusal> send(String queueUrl, Map<String, String> bodies) {
    ObjectNode request = JSON.createObjectNode().put("QueueUrl", queueUrl);
    ArrayNode entries = request.putArray("Entries");
    bodies.forEach((id, body) -> entries.addObject().put("Id", id).put("MessageBody", body));
    URI queue = URI.create(queueUrl);
    SignedCall.Reply reply = call.post(URI.create(queue.getScheme() + "://" + queue.getRawAuthority() + "/"), "sqs",
        HEADERS, request.toString());
    if (!reply.ok()) {
      throw reply.failure("SQS SendMessageBatch");
    }
    List<Refusal> refused = new ArrayList<>();
    for (JsonNode failed : reply.json().path("Failed")) {
      refused.add(new Refusal(failed.path("Id").asText(), failed.path("Code").asText(),
          failed.path("Message").asText(null), failed.path("SenderFault").asBoolean(false)));
    }
    return refused;
  }
}
