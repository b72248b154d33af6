package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.delivery.GoneHandler;
import dev.socketiolambda.functions.fanout.SdkAsyncPoster;
import dev.socketiolambda.functions.fanout.ShardQueue;
import dev.socketiolambda.functions.fanout.SqsShardQueue;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds an {@link Emitter} for code that is not a socket handler (stream functions, services):
 * the DynamoDB state store and the asynchronous fan-out engine, from {@link Settings}. Needs
 * {@code SOCKETIO_MANAGEMENT_ENDPOINT}, since there is no event to derive it from.
 */
public final class Emitters {
  private static volatile Emitter shared;
  private static volatile FanOut sharedFanOut;

  private Emitters() {}

  /** The emitter of this function instance, built once from the environment. */
  public static Emitter shared() {
    Emitter e = shared;
    if (e == null) {
      synchronized (Emitters.class) {
        e = shared;
        if (e == null) {
          e = new Emitter(sharedFanOut());
          shared = e;
        }
      }
    }
    return e;
  }

  /** The fan-out engine of this function instance, built once from the environment. */
  public static FanOut sharedFanOut() {
    FanOut f = sharedFanOut;
    if (f == null) {
      synchronized (Emitters.class) {
        f = sharedFanOut;
        if (f == null) {
          f = fanOutFromSettings(Settings.fromEnvironment());
          sharedFanOut = f;
        }
      }
    }
    return f;
  }

  public static Emitter fromSettings(Settings s) {
    return new Emitter(fanOutFromSettings(s));
  }

  /**
   * The fan-out engine over the DynamoDB store and the asynchronous management API client; with
   * {@code SOCKETIO_FANOUT_QUEUE_URL} set, large broadcasts are split into SQS shards.
   */
  public static FanOut fanOutFromSettings(Settings s) {
    if (s.managementEndpoint() == null) {
      throw new IllegalStateException("SOCKETIO_MANAGEMENT_ENDPOINT must be set for an emitter "
          + "(https://<apiId>.execute-api.<region>.amazonaws.com/<stage>)");
    }
    DynamoDbClientBuilder dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
        .region(Region.of(s.region())).credentialsProvider(LambdaCredentials.provider());
    if (s.dynamoEndpoint() != null) {
      dynamo.endpointOverride(URI.create(s.dynamoEndpoint()));
    }
    StateStore store = new DynamoDbStateStore(dynamo.build(), s.table(), s.due());
    return fanOutFromSettings(s, store, store::deleteConnection,
        e -> System.err.println("socketio-lambda: delivery failed: " + e));
  }

  /** The fan-out engine over a given store, with the caller's handling of gone connections and errors. */
  static FanOut fanOutFromSettings(Settings s, StateStore store, GoneHandler gone, Consumer<Throwable> errors) {
    Region region = Region.of(s.region());
    var credentials = LambdaCredentials.provider();
    FanOutSettings fanOut = FanOutSettings.DEFAULT;
    SdkAsyncPoster poster = SdkAsyncPoster.create(s.managementEndpoint(), region, credentials, fanOut.concurrency());
    ShardQueue shards = s.fanOutQueueUrl() == null ? null : new SqsShardQueue(SqsClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().build()).region(region).credentialsProvider(credentials).build(),
        s.fanOutQueueUrl());
    return new FanOut(store, poster, fanOut, shards, gone, errors);
  }

}
