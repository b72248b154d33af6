package dev.socketiolambda.local.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.aws.SignedCall;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.DynamoDbShardLedger;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.fanout.SqsBatchSender;
import dev.socketiolambda.functions.fanout.SqsSendMessageBatch;
import dev.socketiolambda.functions.fanout.SqsShardQueue;
import dev.socketiolambda.functions.handler.FanOutHandler;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Large broadcasts through a real SQS API (ElasticMQ in-process): shards are queued with the runtime's
 * signed {@code SendMessageBatch}, received with the AWS SDK and handed to {@link FanOutHandler} as Lambda's SQS event source does, with the
 * shard ledger in DynamoDB Local. Every recipient gets the frames exactly once, whatever the sizes,
 * when SQS refuses part of a batch, when a batch is sent twice, when messages are redelivered and
 * when a recipient fails for a while.
 */
class SqsFanOutIT {
  private static ElasticMq elasticMq;
  private static SqsClient sqs;
  private static EmbeddedDynamoDb dynamo;
  private static int queues;

  private final RecordingGateway gateway = new RecordingGateway();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final ExecutorService posts = Executors.newFixedThreadPool(8);
  private final InMemoryStateStore store = new InMemoryStateStore();
  private String queueUrl;
  private FanOut fanOut;
  private ScriptedSqs scripted;

  @BeforeAll
  static void start() {
    elasticMq = ElasticMq.start();
    sqs = elasticMq.client();
    dynamo = EmbeddedDynamoDb.start(0);
    LocalStack.createTablesIfAbsent(dynamo.client(), "fanout");
  }

  @AfterAll
  static void stop() {
    if (elasticMq != null) {
      elasticMq.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @BeforeEach
  void queue() {
    queueUrl = sqs.createQueue(b -> b.queueName("fanout-" + (++queues))
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
    scripted = new ScriptedSqs(new SqsSendMessageBatch(new SignedCall(UrlConnectionHttpClient.create(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), Region.US_EAST_1)));
    fanOut = new FanOut(store, new GatewayTransport(id -> gateway, posts), FanOutSettings.DEFAULT,
        new SqsShardQueue(scripted, queueUrl), new DynamoDbShardLedger(dynamo.client(), "fanout"), id -> { },
        errors::add);
  }

  @AfterEach
  void stopPosts() {
    posts.shutdownNow();
  }

  static Stream<Arguments> sizes() {
    return Stream.of(
        Arguments.of(2_001, List.of(1024)),
        Arguments.of(20_000, List.of(1024)),
        Arguments.of(20_000, List.of(128 * 1024)),
        Arguments.of(5_000, List.of(64 * 1024, 64 * 1024)), // a binary event: header and attachment
        Arguments.of(3_000, List.of(96 * 1024, 100 * 1024, 60 * 1024))); // too large for one message: sent in place
  }

  @ParameterizedTest(name = "{0} recipients, frames of {1} bytes")
  @MethodSource("sizes")
  void everyRecipientGetsTheFramesOnceAndEveryBatchFitsSqs(int recipients, List<Integer> frameSizes) {
    List<String> ids = connect(recipients);
    List<String> frames = frames(frameSizes);

    BroadcastResult queued = fanOut.broadcast(request(frames, "evt-size-" + recipients + "-" + frameSizes));
    drain(0);

    assertThat(queued.recipients()).isEqualTo(recipients);
    assertThat(scripted.largestBatchBytes).isLessThanOrEqualTo(SqsShardQueue.MAX_BATCH_BYTES);
    assertEveryoneGotOnce(ids, frames);
    assertThat(errors).isEmpty();
  }

  @Test
  void entriesSqsRefusedAreSentAgainAndOnlyThey() {
    List<String> ids = connect(12_000);
    List<String> frames = frames(List.of(1024));
    scripted.refuseHalfOfCall = 1; // the first batch: SQS takes half, refuses the rest

    fanOut.broadcast(request(frames, "evt-partial"));
    drain(0);

    assertThat(scripted.refused).isPositive();
    assertThat(scripted.messagesTaken).isEqualTo(12); // 12 shards, each queued once
    assertEveryoneGotOnce(ids, frames);
  }

  @Test
  void aBatchQueuedTwiceAndRedeliveredMessagesReachNobodyTwice() {
    List<String> ids = connect(8_000);
    List<String> frames = frames(List.of(4 * 1024));
    scripted.duplicateCall = 1; // as a call is re-sent when its answer timed out though SQS had taken it

    fanOut.broadcast(request(frames, "evt-dup"));
    drain(3); // the first three messages are delivered, then "crash" before their deletion

    assertThat(scripted.messagesTaken).isGreaterThan(8);
    assertEveryoneGotOnce(ids, frames);
  }

  @Test
  void aFailingRecipientIsRetriedAloneOnRedelivery() {
    List<String> ids = connect(2_500);
    List<String> frames = frames(List.of(1024));
    gateway.failNext(ids.get(1_234), FanOutSettings.DEFAULT.attempts() * 2, 500);

    fanOut.broadcast(request(frames, "evt-retry"));
    int rounds = drain(0);

    assertThat(rounds).isGreaterThan(1);
    assertEveryoneGotOnce(ids, frames);
  }

  @Test
  void aRetriedBroadcastWithTheSameEventIdReachesNobodyTwice() {
    List<String> ids = connect(4_000);
    List<String> frames = frames(List.of(2 * 1024));

    fanOut.broadcast(request(frames, "evt-again"));
    fanOut.broadcast(request(frames, "evt-again"));
    drain(0);

    assertEveryoneGotOnce(ids, frames);
  }

  // ------------------------------------------------------------------ helpers

  private List<String> connect(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "Conn" + i + "AbCdEf=";
      store.putConnection(new ConnectionRecord(id, "e" + i, "ep", 1, "ip", Map.of(), Map.of(), 0, 0, 0, 5));
      store.putSocket(new SocketRecord(id, "/", "sid" + i, "{}", "{}", Set.of(), 1));
      ids.add(id);
    }
    return ids;
  }

  private static List<String> frames(List<Integer> sizes) {
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      String head = "42[\"big\",\"f" + i;
      frames.add(head + "x".repeat(sizes.get(i) - head.length() - 2) + "\"]");
    }
    return frames;
  }

  private static BroadcastRequest request(List<String> frames, String eventId) {
    return new BroadcastRequest("/", Set.of(), Set.of(), null, frames, false, eventId);
  }

  private void assertEveryoneGotOnce(List<String> ids, List<String> frames) {
    List<String> wrong = new ArrayList<>();
    for (String id : ids) {
      if (!gateway.frames(id).equals(frames)) {
        wrong.add(id + " got " + gateway.frames(id).size() + " frame(s)");
      }
    }
    // (frames are compared, not printed: they are up to 128 KB each)
    assertThat(wrong).as("recipients without exactly the %d frame(s), in order", frames.size()).isEmpty();
    assertThat(gateway.sent()).hasSize(ids.size() * frames.size());
  }

  /**
   * Receives until the queue is empty, as Lambda's event source does: up to 10 messages to the
   * handler, the ones it reports failed made visible again, the others deleted; the first
   * {@code crashes} messages are handled but neither deleted nor reported, as when the function
   * dies after its work, so SQS delivers them again.
   *
   * @return receive rounds that found messages
   */
  private int drain(int crashes) {
    int rounds = 0;
    int empty = 0;
    for (int i = 0; i < 500 && empty < 3; i++) {
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
          .waitTimeSeconds(1)).messages();
      if (messages.isEmpty()) {
        empty++;
        continue;
      }
      empty = 0;
      rounds++;
      Set<String> failed = handle(messages);
      List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
      for (Message m : messages) {
        if (crashes > 0) {
          crashes--;
          sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        } else if (failed.contains(m.messageId())) {
          sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        } else {
          done.add(DeleteMessageBatchRequestEntry.builder().id("d" + done.size()).receiptHandle(m.receiptHandle())
              .build());
        }
      }
      if (!done.isEmpty()) {
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
      }
    }
    assertThat(empty).as("the queue drained").isEqualTo(3);
    return rounds;
  }

  private Set<String> handle(List<Message> messages) {
    var records = Json.array();
    for (Message m : messages) {
      records.add(Json.object().put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle())
          .put("body", m.body()).put("eventSource", "aws:sqs"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new FanOutHandler(fanOut).handleRequest(new ByteArrayInputStream(
          Json.write(Json.object().set("Records", records)).getBytes(StandardCharsets.UTF_8)), out, null);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Set<String> failed = new HashSet<>();
    Json.parse(out.toString(StandardCharsets.UTF_8)).path("batchItemFailures")
        .forEach(f -> failed.add(f.path("itemIdentifier").asText()));
    return failed;
  }

  /**
   * The runtime's signed {@code SendMessageBatch} ({@link SqsSendMessageBatch}) to ElasticMQ with
   * faults: on the chosen call, SQS takes only the first half of the entries and refuses the others
   * (as a throttled partial success), or takes the whole batch twice (as a retry after a lost answer).
   * Measures every batch.
   */
  static final class ScriptedSqs implements SqsBatchSender {
    private final SqsBatchSender real;
    int calls;
    int refuseHalfOfCall;
    int duplicateCall;
    int refused;
    int messagesTaken;
    long largestBatchBytes;

    ScriptedSqs(SqsBatchSender real) {
      this.real = real;
    }

    @Override
    public synchronized List<Refusal> send(String queueUrl, Map<String, String> bodies) {
      calls++;
      long bytes = 0;
      for (String body : bodies.values()) {
        bytes += body.getBytes(StandardCharsets.UTF_8).length;
      }
      largestBatchBytes = Math.max(largestBatchBytes, bytes);
      assertThat(bodies).hasSizeLessThanOrEqualTo(10);
      if (calls == refuseHalfOfCall && bodies.size() > 1) {
        List<String> ids = new ArrayList<>(bodies.keySet());
        Map<String, String> taken = new LinkedHashMap<>();
        ids.subList(0, ids.size() / 2).forEach(id -> taken.put(id, bodies.get(id)));
        List<Refusal> errors = new ArrayList<>(real.send(queueUrl, taken));
        messagesTaken += taken.size() - errors.size();
        List<String> refusedIds = ids.subList(taken.size(), ids.size());
        refused += refusedIds.size();
        refusedIds.forEach(id -> errors.add(new Refusal(id, "RequestThrottled", "injected", false)));
        return errors;
      }
      if (calls == duplicateCall) {
        messagesTaken += bodies.size() - real.send(queueUrl, bodies).size();
      }
      List<Refusal> r = real.send(queueUrl, bodies);
      messagesTaken += bodies.size() - r.size();
      return r;
    }
  }
}
